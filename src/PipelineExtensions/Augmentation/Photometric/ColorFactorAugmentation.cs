using System.Globalization;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Augmentation;

/// <summary>Options of the colour jitters that draw one factor per image uniformly from [MinFactor, MaxFactor].</summary>
public abstract class ColorFactorOptions
{
    /// <summary>Smallest factor, in [0, 10]; 1 leaves the image unchanged. Default 0.8.</summary>
    public double MinFactor { get; set; } = 0.8;

    /// <summary>Largest factor, in [0, 10], at least <see cref="MinFactor"/>. Default 1.2.</summary>
    public double MaxFactor { get; set; } = 1.2;
}

/// <summary>
/// Base of the colour jitters of torchvision's <c>ColorJitter</c> that blend with a factor (brightness, contrast,
/// saturation): one factor per image, uniform in [MinFactor, MaxFactor]; a factor of exactly 1 leaves the image
/// untouched.
/// </summary>
public abstract class ColorFactorAugmentation : PixelAugmentation
{
    private protected ColorFactorAugmentation(ColorFactorOptions options)
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

    private protected override string Describe() => string.Create(CultureInfo.InvariantCulture, $"factor=[{MinFactor}, {MaxFactor}]");

    internal override void Apply(Span<float> image, ImageShape shape, SeededRandom rng, AugmentationWorkspace workspace)
    {
        float factor = (float)AugmentationChecks.Uniform(rng, MinFactor, MaxFactor);
        if (factor == 1f)
            return; // the identity: leave values (even out-of-range ones) untouched
        Adjust(image, shape, factor, workspace);
    }

    /// <summary>Applies the adjustment with the drawn factor.</summary>
    private protected abstract void Adjust(Span<float> image, ImageShape shape, float factor, AugmentationWorkspace workspace);
}
