namespace PipelineExtensions.AutoML.Pruners;

/// <summary>
/// Prunes a trial whose best intermediate value is worse than the median of the complete trials at the same step
/// (Optuna's MedianPruner: <see cref="PercentilePruner"/> at 50%, same defaults).
/// </summary>
public sealed class MedianPruner : PercentilePruner
{
    /// <summary>Creates the pruner; parameters as in <see cref="PercentilePruner"/>.</summary>
    public MedianPruner(int startupTrials = 5, int warmupSteps = 0, int intervalSteps = 1, int minTrials = 1)
        : base(50.0, startupTrials, warmupSteps, intervalSteps, minTrials)
    {
    }

    /// <inheritdoc />
    public override string Name => "median";
}
