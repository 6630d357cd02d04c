using PipelineExtensions.Options;

namespace PipelineExtensions.Diagnostics;

/// <summary>Thresholds of <see cref="MajorityClassCollapseDetector"/>.</summary>
public sealed class MajorityClassCollapseOptions : IDetectorOptions
{
    /// <summary>The finding needs at least this share of all predictions on one class, in (0, 1]. Default 0.8.</summary>
    public double MinPredictedShare { get; set; } = 0.8;

    /// <summary>
    /// The finding needs the balanced accuracy to be at most chance (1 / classes present) plus this margin, in [0, 1].
    /// Default 0.1: a model that still separates the other classes is not collapsed even if it favours one.
    /// </summary>
    public double BalancedAccuracyMargin { get; set; } = 0.1;

    /// <summary>
    /// When the training classes are at least this imbalanced (largest / smallest count), the remedies are
    /// re-balancing ones (class weights, over-sampling); below it, optimisation ones (learning rate,
    /// normalisation). At least 1. Default 1.5.
    /// </summary>
    public double ImbalanceRatioForRebalancing { get; set; } = 1.5;

    /// <summary>An epoch counts as "stuck" when its accuracy is within this distance of the dominant class's share, in [0, 1]. Default 0.02.</summary>
    public double StuckTolerance { get; set; } = 0.02;

    /// <summary>Checks every option; the exception names the option, its value and the allowed range.</summary>
    public void Validate()
    {
        if (!(MinPredictedShare > 0 && MinPredictedShare <= 1))
            throw new ArgumentOutOfRangeException(nameof(MinPredictedShare), MinPredictedShare, $"MinPredictedShare must be in (0, 1], got {MinPredictedShare}.");
        Check.InRange(BalancedAccuracyMargin, 0, 1);
        Check.InRange(ImbalanceRatioForRebalancing, 1, double.MaxValue);
        Check.InRange(StuckTolerance, 0, 1);
    }
}
