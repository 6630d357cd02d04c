using System.Globalization;
using PipelineExtensions.Options;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Augmentation;

/// <summary>Options of <see cref="RandomResizedCrop"/> (torchvision's defaults).</summary>
public sealed class RandomResizedCropOptions
{
    /// <summary>Output height in pixels (required, positive).</summary>
    public int Height { get; set; }

    /// <summary>Output width in pixels (required, positive).</summary>
    public int Width { get; set; }

    /// <summary>Smallest crop area as a fraction of the image area, in (0, 1]. Default 0.08.</summary>
    public double ScaleMin { get; set; } = 0.08;

    /// <summary>Largest crop area fraction, in (0, 1]. Default 1.</summary>
    public double ScaleMax { get; set; } = 1.0;

    /// <summary>Smallest aspect ratio (width / height) of the crop, positive. Default 3/4.</summary>
    public double RatioMin { get; set; } = 3.0 / 4.0;

    /// <summary>Largest aspect ratio. Default 4/3.</summary>
    public double RatioMax { get; set; } = 4.0 / 3.0;
}

/// <summary>
/// Crops a random area and aspect ratio and resizes it to Height×Width (torchvision's <c>RandomResizedCrop</c>:
/// ten tries to fit a crop of area fraction ~ U(scale) and log-uniform ratio, then a centre crop). The resize is
/// part of the pipeline's single resample and uses its interpolation, without anti-aliasing.
/// </summary>
public sealed class RandomResizedCrop : GeometricAugmentation
{
    /// <summary>Creates the augmentation; options are validated and copied.</summary>
    public RandomResizedCrop(RandomResizedCropOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Height = Check.Positive(options.Height, nameof(options.Height));
        Width = Check.Positive(options.Width, nameof(options.Width));
        AugmentationChecks.Range(options.ScaleMin, options.ScaleMax, 1e-6, 1, nameof(options.ScaleMin), nameof(options.ScaleMax));
        AugmentationChecks.Range(options.RatioMin, options.RatioMax, 1e-3, 1e3, nameof(options.RatioMin), nameof(options.RatioMax));
        ScaleMin = options.ScaleMin;
        ScaleMax = options.ScaleMax;
        RatioMin = options.RatioMin;
        RatioMax = options.RatioMax;
    }

    /// <summary>Output height.</summary>
    public int Height { get; }

    /// <summary>Output width.</summary>
    public int Width { get; }

    /// <summary>Smallest crop area fraction.</summary>
    public double ScaleMin { get; }

    /// <summary>Largest crop area fraction.</summary>
    public double ScaleMax { get; }

    /// <summary>Smallest aspect ratio.</summary>
    public double RatioMin { get; }

    /// <summary>Largest aspect ratio.</summary>
    public double RatioMax { get; }

    /// <inheritdoc />
    public override string Name => nameof(RandomResizedCrop);

    private protected override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"size={Height}x{Width}, scale=[{ScaleMin}, {ScaleMax}], ratio=[{RatioMin:G4}, {RatioMax:G4}]");

    internal override (int Height, int Width) OutputSize(int height, int width) => (Height, Width);

    internal override Affine2D Sample(SeededRandom rng, int inH, int inW, int outH, int outW)
    {
        var (top, left, h, w) = SampleBox(rng, inH, inW);
        return Resize.BoxMap(top, left, h, w, outH, outW);
    }

    /// <summary>torchvision's <c>RandomResizedCrop.get_params</c>: (top, left, height, width) of the crop.</summary>
    internal (int Top, int Left, int Height, int Width) SampleBox(SeededRandom rng, int height, int width)
    {
        if (AreaRatioBox.TryDraw(rng, height, width, ScaleMin, ScaleMax, RatioMin, RatioMax, ratioIsHeightOverWidth: false, mayCoverImage: true) is { } box)
            return box;
        // Fallback: the largest centred crop whose ratio is within range.
        double inRatio = (double)width / height;
        int cw = width, ch = height;
        if (inRatio < RatioMin)
            ch = (int)Math.Round(width / RatioMin, MidpointRounding.ToEven);
        else if (inRatio > RatioMax)
            cw = (int)Math.Round(height * RatioMax, MidpointRounding.ToEven);
        return ((height - ch) / 2, (width - cw) / 2, ch, cw);
    }
}
