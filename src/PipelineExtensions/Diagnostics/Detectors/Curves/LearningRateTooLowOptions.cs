using PipelineExtensions.Options;

namespace PipelineExtensions.Diagnostics;

/// <summary>Thresholds of <see cref="LearningRateTooLowDetector"/>.</summary>
public sealed class LearningRateTooLowOptions : IDetectorOptions
{
    /// <summary>Judged on at least this many epochs (≥ 3). Default 6.</summary>
    public int MinEpochs { get; set; } = 6;

    /// <summary>"Steady": at least this fraction of epochs lower the training loss, in [0, 1]. Default 0.9.</summary>
    public double MinDecreasingFraction { get; set; } = 0.9;

    /// <summary>"Small": the mean relative decrease per epoch is at most this (≥ 0). Default 0.03.</summary>
    public double MaxRelativeSlope { get; set; } = 0.03;

    /// <summary>… and at least this, so a converged, flat run does not count (≥ 0). Default 1e-4.</summary>
    public double MinRelativeSlope { get; set; } = 1e-4;

    /// <summary>
    /// "Not slowing down": the mean relative decrease of the last third of the epochs is at least this fraction of
    /// the first third's (≥ 0). A healthy run decelerates as it converges; a too-small step does not. Default 0.5.
    /// </summary>
    public double MinLateToEarlySlope { get; set; } = 0.5;

    /// <summary>No finding when the final training accuracy is already at least this, in [0, 1]. Default 0.98.</summary>
    public double MaxTrainAccuracy { get; set; } = 0.98;

    /// <summary>Checks every option; the exception names the option, its value and the allowed range.</summary>
    public void Validate()
    {
        Check.InRange(MinEpochs, 3, int.MaxValue);
        Check.InRange(MinDecreasingFraction, 0, 1);
        Check.NonNegative(MaxRelativeSlope);
        Check.InRange(MinRelativeSlope, 0, MaxRelativeSlope);
        Check.NonNegative(MinLateToEarlySlope);
        Check.InRange(MaxTrainAccuracy, 0, 1);
    }
}
