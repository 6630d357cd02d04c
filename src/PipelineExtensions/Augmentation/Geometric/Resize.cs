using System.Globalization;
using PipelineExtensions.Options;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Augmentation;

/// <summary>Options of <see cref="Resize"/>.</summary>
public sealed class ResizeOptions
{
    /// <summary>Output height in pixels (required, positive).</summary>
    public int Height { get; set; }

    /// <summary>Output width in pixels (required, positive).</summary>
    public int Width { get; set; }
}

/// <summary>
/// Resizes every image to Height×Width inside an augmentation pipeline (deterministic), aligned on pixel centres
/// like torchvision and Keras (<c>x_in = (x + ½)·W/W' − ½</c>). It joins the pipeline's single resample, so a
/// crop followed by a resize costs one pass; it does not anti-alias — for large reductions at load time use the
/// image loader's resize instead.
/// </summary>
public sealed class Resize : GeometricAugmentation
{
    /// <summary>Creates the step; options are validated and copied.</summary>
    public Resize(ResizeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Height = Check.Positive(options.Height, nameof(options.Height));
        Width = Check.Positive(options.Width, nameof(options.Width));
    }

    /// <summary>Output height.</summary>
    public int Height { get; }

    /// <summary>Output width.</summary>
    public int Width { get; }

    /// <inheritdoc />
    public override string Name => nameof(Resize);

    private protected override string Describe() => string.Create(CultureInfo.InvariantCulture, $"size={Height}x{Width}");

    internal override (int Height, int Width) OutputSize(int height, int width) => (Height, Width);

    internal override Affine2D Sample(SeededRandom rng, int inH, int inW, int outH, int outW) => BoxMap(0, 0, inH, inW, outH, outW);

    /// <summary>Maps an outH×outW output onto the input box (top, left, height, width), pixel centres aligned.</summary>
    internal static Affine2D BoxMap(int top, int left, int height, int width, int outH, int outW)
    {
        double sx = (double)width / outW, sy = (double)height / outH;
        return new Affine2D(sx, 0, left + 0.5 * sx - 0.5, 0, sy, top + 0.5 * sy - 0.5).Snapped();
    }
}
