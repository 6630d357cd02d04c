using System.Globalization;
using PipelineExtensions.Options;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Augmentation;

/// <summary>Options of <see cref="RandomCrop"/>.</summary>
public sealed class RandomCropOptions
{
    /// <summary>Output height in pixels (required, positive).</summary>
    public int Height { get; set; }

    /// <summary>Output width in pixels (required, positive).</summary>
    public int Width { get; set; }

    /// <summary>
    /// Pixels the input is extended by on every side before cropping (filled by the pipeline's fill mode), as in
    /// torchvision's <c>RandomCrop(size, padding)</c>; non-negative. Default 0.
    /// </summary>
    public int Padding { get; set; }
}

/// <summary>
/// Cuts a Height×Width window at a random whole-pixel position of the (optionally padded) image
/// (torchvision's <c>RandomCrop</c>, Keras' <c>RandomCrop</c> in training). The output size is Height×Width; with
/// padding and the input size (the CIFAR recipe <c>RandomCrop(32, padding: 4)</c>) it is a random shift.
/// </summary>
public sealed class RandomCrop : GeometricAugmentation
{
    /// <summary>Creates the augmentation; options are validated and copied.</summary>
    public RandomCrop(RandomCropOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Height = Check.Positive(options.Height, nameof(options.Height));
        Width = Check.Positive(options.Width, nameof(options.Width));
        Padding = Check.NonNegative(options.Padding, nameof(options.Padding));
    }

    /// <summary>Output height.</summary>
    public int Height { get; }

    /// <summary>Output width.</summary>
    public int Width { get; }

    /// <summary>Padding on every side.</summary>
    public int Padding { get; }

    /// <inheritdoc />
    public override string Name => nameof(RandomCrop);

    private protected override string Describe() => string.Create(CultureInfo.InvariantCulture, $"size={Height}x{Width}, padding={Padding}");

    internal override (int Height, int Width) OutputSize(int height, int width)
    {
        if (height + 2 * Padding < Height || width + 2 * Padding < Width)
            throw new ArgumentException(
                $"RandomCrop of {Height}x{Width} does not fit in a {height}x{width} image padded by {Padding}; lower the crop size or raise Padding.");
        return (Height, Width);
    }

    internal override Affine2D Sample(SeededRandom rng, int inH, int inW, int outH, int outW)
    {
        int top = rng.NextInt(inH + 2 * Padding - outH + 1) - Padding;
        int left = rng.NextInt(inW + 2 * Padding - outW + 1) - Padding;
        return Affine2D.Offset(left, top);
    }
}
