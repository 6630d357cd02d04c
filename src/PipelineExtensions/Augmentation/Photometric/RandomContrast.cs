using System.Globalization;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Augmentation;

/// <summary>Options of <see cref="RandomContrast"/>: the contrast factor is drawn uniformly from [MinFactor, MaxFactor].</summary>
public sealed class RandomContrastOptions
{
    /// <summary>Smallest factor, in [0, 10]; 1 leaves the image unchanged. Default 0.8.</summary>
    public double MinFactor { get; set; } = 0.8;

    /// <summary>Largest factor, in [0, 10], at least <see cref="MinFactor"/>. Default 1.2.</summary>
    public double MaxFactor { get; set; } = 1.2;
}

/// <summary>
/// Blends each image with its mean grey level: <c>f·x + (1 − f)·mean</c>, clamped (torchvision's <c>adjust_contrast</c>; the mean uses ITU-R 601 luma weights for RGB).
/// </summary>
public sealed class RandomContrast : PixelAugmentation
{
    /// <summary>Creates the augmentation; options are validated and copied.</summary>
    public RandomContrast(RandomContrastOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        AugmentationChecks.Range(options.MinFactor, options.MaxFactor, 0, 10, nameof(options.MinFactor), nameof(options.MaxFactor));
        MinFactor = options.MinFactor;
        MaxFactor = options.MaxFactor;
    }

    /// <summary>Smallest factor.</summary>
    public double MinFactor { get; }

    /// <summary>Largest factor.</summary>
    public double MaxFactor { get; }

    /// <inheritdoc />
    public override string Name => nameof(RandomContrast);

    private protected override string Describe() => string.Create(CultureInfo.InvariantCulture, $"factor=[{MinFactor}, {MaxFactor}]");

    internal override void Apply(Span<float> image, ImageShape shape, SeededRandom rng, AugmentationWorkspace workspace)
    {
        float factor = (float)AugmentationChecks.Uniform(rng, MinFactor, MaxFactor);
        if (factor == 1f)
            return; // the identity: leave values (even out-of-range ones) untouched
        ColorAdjust.Contrast(image, shape, factor, workspace.MaxPixelValue);
    }
}
