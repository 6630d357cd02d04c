using PipelineExtensions.Options;

namespace PipelineExtensions.Diagnostics;

/// <summary>Thresholds of <see cref="UnderfittingDetector"/>.</summary>
public sealed class UnderfittingOptions : IDetectorOptions
{
    /// <summary>The last epochs examined for flatness (≥ 2); the history needs one epoch more. Default 5.</summary>
    public int Window { get; set; } = 5;

    /// <summary>"Flat": the loss fell by less than this fraction over the window, for training and validation alike (≥ 0). Default 0.02.</summary>
    public double MaxRelativeImprovement { get; set; } = 0.02;

    /// <summary>
    /// "Low": the final training balanced accuracy is at most chance + this fraction of the way from chance to 1,
    /// in [0, 1]. Default 0.5 (for 10 classes: at most 55%).
    /// </summary>
    public double LowAccuracyFraction { get; set; } = 0.5;

    /// <summary>"No gap": |validation loss − training loss| is at most this fraction of the training loss (≥ 0). Default 0.15.</summary>
    public double MaxGap { get; set; } = 0.15;

    /// <summary>Checks every option; the exception names the option, its value and the allowed range.</summary>
    public void Validate()
    {
        Check.InRange(Window, 2, int.MaxValue);
        Check.NonNegative(MaxRelativeImprovement);
        Check.InRange(LowAccuracyFraction, 0, 1);
        Check.NonNegative(MaxGap);
    }
}
