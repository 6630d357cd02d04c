using PipelineExtensions.Data;

namespace PipelineExtensions.Augmentation;

/// <summary>The C×H×W shape of one image, as used inside the augmentation kernels.</summary>
internal readonly record struct ImageShape(int Channels, int Height, int Width)
{
    public static ImageShape Of(ImageType type) => new(type.Channels, type.Height, type.Width);

    public int Plane => Height * Width;

    public int Size => Channels * Height * Width;

    public ImageType ToImageType() => new(Channels, Height, Width);

    public override string ToString() => $"{Channels}x{Height}x{Width}";
}
