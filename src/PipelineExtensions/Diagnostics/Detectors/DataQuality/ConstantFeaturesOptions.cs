using PipelineExtensions.Options;

namespace PipelineExtensions.Diagnostics;

/// <summary>Thresholds of <see cref="ConstantFeaturesDetector"/>.</summary>
public sealed class ConstantFeaturesOptions : IDetectorOptions
{
    /// <summary>The finding needs at least this many constant feature dimensions (≥ 1). Default 1.</summary>
    public int MinConstantFeatures { get; set; } = 1;

    /// <summary>
    /// From this fraction of constant dimensions on the finding is a warning, in [0, 1]; below it, information
    /// (a few constant border pixels of an image are harmless). Every dimension constant is critical. Default 0.5.
    /// </summary>
    public double WarningFraction { get; set; } = 0.5;

    /// <summary>At most this many affected features are listed (≥ 0). Default 1000.</summary>
    public int MaxListedFeatures { get; set; } = 1000;

    /// <summary>Checks every option; the exception names the option, its value and the allowed range.</summary>
    public void Validate()
    {
        Check.Positive(MinConstantFeatures);
        Check.InRange(WarningFraction, 0, 1);
        Check.NonNegative(MaxListedFeatures);
    }
}
