using System.Globalization;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Augmentation;

/// <summary>
/// Options of <see cref="RandomZoom"/>, with Keras' semantics: a factor z zooms by 1 + z, so positive factors
/// zoom OUT (content shrinks) and negative ones zoom IN. Factors in [−0.95, 1].
/// </summary>
public sealed class RandomZoomOptions
{
    /// <summary>Lowest vertical zoom factor. Default −0.1.</summary>
    public double HeightFactorLow { get; set; } = -0.1;

    /// <summary>Highest vertical zoom factor. Default 0.1.</summary>
    public double HeightFactorHigh { get; set; } = 0.1;

    /// <summary>Lowest horizontal zoom factor; null (default) zooms both axes by the same draw, keeping the aspect ratio.</summary>
    public double? WidthFactorLow { get; set; }

    /// <summary>Highest horizontal zoom factor; null when <see cref="WidthFactorLow"/> is null.</summary>
    public double? WidthFactorHigh { get; set; }
}

/// <summary>
/// Zooms each image about its centre (Keras' <c>RandomZoom</c>): uniformly when no width factors are given,
/// otherwise with independent vertical and horizontal draws.
/// </summary>
public sealed class RandomZoom : GeometricAugmentation
{
    /// <summary>Creates the augmentation; options are validated and copied.</summary>
    public RandomZoom(RandomZoomOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        AugmentationChecks.Range(options.HeightFactorLow, options.HeightFactorHigh, -0.95, 1, nameof(options.HeightFactorLow), nameof(options.HeightFactorHigh));
        if (options.WidthFactorLow.HasValue != options.WidthFactorHigh.HasValue)
            throw new ArgumentException("WidthFactorLow and WidthFactorHigh must both be set (per-axis zoom) or both be null (uniform zoom).", nameof(options));
        if (options.WidthFactorLow is double low && options.WidthFactorHigh is double high)
            AugmentationChecks.Range(low, high, -0.95, 1, nameof(options.WidthFactorLow), nameof(options.WidthFactorHigh));
        HeightFactorLow = options.HeightFactorLow;
        HeightFactorHigh = options.HeightFactorHigh;
        WidthFactorLow = options.WidthFactorLow;
        WidthFactorHigh = options.WidthFactorHigh;
    }

    /// <summary>Lowest vertical zoom factor.</summary>
    public double HeightFactorLow { get; }

    /// <summary>Highest vertical zoom factor.</summary>
    public double HeightFactorHigh { get; }

    /// <summary>Lowest horizontal zoom factor, or null for a uniform zoom.</summary>
    public double? WidthFactorLow { get; }

    /// <summary>Highest horizontal zoom factor, or null for a uniform zoom.</summary>
    public double? WidthFactorHigh { get; }

    /// <inheritdoc />
    public override string Name => nameof(RandomZoom);

    private protected override string Describe() => WidthFactorLow is null
        ? string.Create(CultureInfo.InvariantCulture, $"factor=[{HeightFactorLow}, {HeightFactorHigh}]")
        : string.Create(CultureInfo.InvariantCulture, $"height=[{HeightFactorLow}, {HeightFactorHigh}], width=[{WidthFactorLow}, {WidthFactorHigh}]");

    internal override Affine2D Sample(SeededRandom rng, int inH, int inW, int outH, int outW)
    {
        double zy = 1 + AugmentationChecks.Uniform(rng, HeightFactorLow, HeightFactorHigh);
        double zx = WidthFactorLow is double low && WidthFactorHigh is double high ? 1 + AugmentationChecks.Uniform(rng, low, high) : zy;
        var (cx, cy) = Centre(inH, inW);
        // Keras' zoom matrix: output p reads input centre + z·(p − centre).
        return Affine2D.AboutCentre(zx, 0, 0, zy, cx, cy).Snapped();
    }
}
