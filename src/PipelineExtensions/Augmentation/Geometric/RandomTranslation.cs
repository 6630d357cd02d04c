using System.Globalization;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Augmentation;

/// <summary>Options of <see cref="RandomTranslation"/>. Factors are fractions of the image height or width.</summary>
public sealed class RandomTranslationOptions
{
    /// <summary>Lowest vertical shift as a fraction of the height, in [−1, 1]; negative moves content up. Default −0.1.</summary>
    public double HeightFactorLow { get; set; } = -0.1;

    /// <summary>Highest vertical shift as a fraction of the height, in [−1, 1]. Default 0.1.</summary>
    public double HeightFactorHigh { get; set; } = 0.1;

    /// <summary>Lowest horizontal shift as a fraction of the width, in [−1, 1]; negative moves content left. Default −0.1.</summary>
    public double WidthFactorLow { get; set; } = -0.1;

    /// <summary>Highest horizontal shift as a fraction of the width, in [−1, 1]. Default 0.1.</summary>
    public double WidthFactorHigh { get; set; } = 0.1;
}

/// <summary>
/// Shifts each image by a random fraction of its size, drawn independently per axis (Keras' <c>RandomTranslation</c>:
/// sub-pixel shifts are interpolated, uncovered pixels follow the fill mode).
/// </summary>
public sealed class RandomTranslation : GeometricAugmentation
{
    /// <summary>Creates the augmentation; options are validated and copied.</summary>
    public RandomTranslation(RandomTranslationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        AugmentationChecks.Range(options.HeightFactorLow, options.HeightFactorHigh, -1, 1, nameof(options.HeightFactorLow), nameof(options.HeightFactorHigh));
        AugmentationChecks.Range(options.WidthFactorLow, options.WidthFactorHigh, -1, 1, nameof(options.WidthFactorLow), nameof(options.WidthFactorHigh));
        HeightFactorLow = options.HeightFactorLow;
        HeightFactorHigh = options.HeightFactorHigh;
        WidthFactorLow = options.WidthFactorLow;
        WidthFactorHigh = options.WidthFactorHigh;
    }

    /// <summary>Lowest vertical shift (fraction of the height).</summary>
    public double HeightFactorLow { get; }

    /// <summary>Highest vertical shift (fraction of the height).</summary>
    public double HeightFactorHigh { get; }

    /// <summary>Lowest horizontal shift (fraction of the width).</summary>
    public double WidthFactorLow { get; }

    /// <summary>Highest horizontal shift (fraction of the width).</summary>
    public double WidthFactorHigh { get; }

    /// <inheritdoc />
    public override string Name => nameof(RandomTranslation);

    private protected override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"height=[{HeightFactorLow}, {HeightFactorHigh}], width=[{WidthFactorLow}, {WidthFactorHigh}]");

    internal override Affine2D Sample(SeededRandom rng, int inH, int inW, int outH, int outW)
    {
        double dy = AugmentationChecks.Uniform(rng, HeightFactorLow, HeightFactorHigh) * inH;
        double dx = AugmentationChecks.Uniform(rng, WidthFactorLow, WidthFactorHigh) * inW;
        // Content moves by (dx, dy), so output pixel p reads input p − (dx, dy).
        return Affine2D.Offset(-dx, -dy);
    }
}
