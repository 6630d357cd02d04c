using PipelineExtensions.AutoML.Trials;
using PipelineExtensions.Options;

namespace PipelineExtensions.AutoML.Pruners;

/// <summary>
/// Prunes a trial whose best intermediate value so far is worse than the given percentile of the complete trials'
/// values at the same step — Optuna's PercentilePruner, same parameters and defaults: no pruning before
/// <see cref="StartupTrials"/> complete trials, before step <see cref="WarmupSteps"/>, off the
/// <see cref="IntervalSteps"/> grid, or with fewer than <see cref="MinTrials"/> values at the step. A NaN best
/// value is pruned.
/// </summary>
public class PercentilePruner : IPruner
{
    /// <summary>Creates the pruner.</summary>
    /// <param name="percentile">Keep trials in the best <paramref name="percentile"/>% (0..100).</param>
    /// <param name="startupTrials">Complete trials needed before pruning starts (default 5).</param>
    /// <param name="warmupSteps">Steps before a trial may be pruned (default 0).</param>
    /// <param name="intervalSteps">Check every this many steps after the warm-up (default 1).</param>
    /// <param name="minTrials">Values needed at a step to judge it (default 1).</param>
    public PercentilePruner(double percentile, int startupTrials = 5, int warmupSteps = 0, int intervalSteps = 1, int minTrials = 1)
    {
        Percentile = Check.InRange(percentile, 0, 100);
        StartupTrials = Check.NonNegative(startupTrials);
        WarmupSteps = Check.NonNegative(warmupSteps);
        IntervalSteps = Check.Positive(intervalSteps);
        MinTrials = Check.Positive(minTrials);
    }

    /// <summary>The kept percentile.</summary>
    public double Percentile { get; }

    /// <summary>Complete trials needed before pruning starts.</summary>
    public int StartupTrials { get; }

    /// <summary>Steps before a trial may be pruned.</summary>
    public int WarmupSteps { get; }

    /// <summary>Check interval in steps.</summary>
    public int IntervalSteps { get; }

    /// <summary>Values needed at a step to judge it.</summary>
    public int MinTrials { get; }

    /// <inheritdoc />
    public virtual string Name => "percentile";

    /// <inheritdoc />
    public PruneDecision Decide(PrunerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Step is not { } step || step < WarmupSteps)
            return PruneDecision.Continue;
        if (!IsFirstInInterval(step, context.Trial.IntermediateValues.Keys))
            return PruneDecision.Continue;
        var complete = context.Trials.Where(t => t.State == TrialState.Complete).ToList();
        if (complete.Count == 0 || complete.Count < StartupTrials)
            return PruneDecision.Continue;

        double best = BestSoFar(context.Trial, context.Direction);
        if (double.IsNaN(best))
            return PruneDecision.Prune;
        var atStep = complete.Where(t => t.IntermediateValues.ContainsKey(step)).Select(t => t.IntermediateValues[step]).ToList();
        if (atStep.Count < MinTrials)
            return PruneDecision.Continue;
        double p = context.Direction == OptimizationDirection.Maximize ? 100 - Percentile : Percentile;
        double threshold = NanPercentile(atStep, p);
        if (double.IsNaN(threshold))
            return PruneDecision.Continue;
        return context.Direction.IsBetter(threshold, best) ? PruneDecision.Prune : PruneDecision.Continue;
    }

    // Optuna's _is_first_in_interval_step: only the first report at or after each interval boundary is judged.
    private bool IsFirstInInterval(int step, IEnumerable<int> steps)
    {
        int nearestLower = (step - WarmupSteps) / IntervalSteps * IntervalSteps + WarmupSteps;
        int secondLast = -1;
        foreach (int s in steps)
            if (s > secondLast && s != step)
                secondLast = s;
        return secondLast < nearestLower;
    }

    internal static double BestSoFar(TrialRecord trial, OptimizationDirection direction, int? upToStep = null)
    {
        double best = double.NaN;
        foreach (var (s, v) in trial.IntermediateValues)
        {
            if (upToStep is { } limit && s > limit)
                break;
            if (double.IsNaN(v))
                continue;
            if (double.IsNaN(best) || direction.IsBetter(v, best))
                best = v;
        }
        return best;
    }

    // numpy.nanpercentile with linear interpolation.
    internal static double NanPercentile(IEnumerable<double> values, double percentile)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
            return double.NaN;
        double rank = percentile / 100.0 * (sorted.Length - 1);
        int lo = (int)Math.Floor(rank), hi = (int)Math.Ceiling(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }
}
