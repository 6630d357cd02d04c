using PipelineExtensions.Options;

namespace PipelineExtensions.Diagnostics;

/// <summary>Thresholds of <see cref="ClassImbalanceDetector"/>.</summary>
public sealed class ClassImbalanceOptions : IDetectorOptions
{
    /// <summary>The finding needs the largest class to have at least this many times the rows of the smallest (≥ 1). Default 3.</summary>
    public double MinRatio { get; set; } = 3;

    /// <summary>From this ratio on the finding is a warning rather than information (≥ <see cref="MinRatio"/>). Default 10.</summary>
    public double WarningRatio { get; set; } = 10;

    /// <summary>Checks every option; the exception names the option, its value and the allowed range.</summary>
    public void Validate()
    {
        Check.InRange(MinRatio, 1, double.MaxValue);
        Check.InRange(WarningRatio, MinRatio, double.MaxValue);
    }
}
