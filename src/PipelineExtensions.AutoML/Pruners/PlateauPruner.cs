using PipelineExtensions.AutoML.Trials;
using PipelineExtensions.Options;

namespace PipelineExtensions.AutoML.Pruners;

/// <summary>
/// Stops a trial that has stopped improving while it trails the best trials: the trial's intermediate metric has
/// plateaued — no improvement larger than <see cref="MinDelta"/> for <see cref="Patience"/> reports (Keras'
/// EarlyStopping rule), or the training loop itself signalled a plateau (<see cref="PlateauAttribute"/>, set by
/// <c>TrialContext.ReportPlateau</c>, e.g. when ReduceLROnPlateau fires) — and its best value so far is worse than
/// what the <see cref="TopTrials"/> best complete trials had reached by the same step. A trial that plateaus at or
/// above the leaders' level keeps going: plateaus alone are not failures (a learning-rate cut may follow).
/// </summary>
public sealed class PlateauPruner : IPruner
{
    /// <summary>The system attribute holding the last step at which the training loop reported a plateau.</summary>
    public const string PlateauAttribute = "plateau_step";

    /// <summary>Creates the pruner.</summary>
    /// <param name="patience">Reports without sufficient improvement that make a plateau (default 3).</param>
    /// <param name="minDelta">Smallest change that counts as an improvement, absolute (default 0).</param>
    /// <param name="topTrials">How many of the best complete trials set the reference (default 3).</param>
    /// <param name="startupTrials">Complete trials needed before pruning (default 3).</param>
    /// <param name="warmupSteps">Steps before a trial may be pruned (default 0).</param>
    public PlateauPruner(int patience = 3, double minDelta = 0, int topTrials = 3, int startupTrials = 3, int warmupSteps = 0)
    {
        Patience = Check.Positive(patience);
        MinDelta = Check.NonNegative(minDelta);
        TopTrials = Check.Positive(topTrials);
        StartupTrials = Check.NonNegative(startupTrials);
        WarmupSteps = Check.NonNegative(warmupSteps);
    }

    /// <summary>Reports without improvement that make a plateau.</summary>
    public int Patience { get; }

    /// <summary>Smallest improvement that counts.</summary>
    public double MinDelta { get; }

    /// <summary>Best complete trials forming the reference.</summary>
    public int TopTrials { get; }

    /// <summary>Complete trials needed before pruning.</summary>
    public int StartupTrials { get; }

    /// <summary>Steps before a trial may be pruned.</summary>
    public int WarmupSteps { get; }

    /// <inheritdoc />
    public string Name => "plateau";

    /// <inheritdoc />
    public PruneDecision Decide(PrunerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Step is not { } step || step < WarmupSteps)
            return PruneDecision.Continue;
        bool signalled = context.SystemAttributes.TryGetValue(PlateauAttribute, out double at) && at >= step;
        if (!signalled && !HasPlateaued(context.Trial, context.Direction))
            return PruneDecision.Continue;

        var complete = context.Trials.Where(t => t.State == TrialState.Complete && t.Value is not null).ToList();
        if (complete.Count == 0 || complete.Count < StartupTrials)
            return PruneDecision.Continue;
        // The leaders by final value, and the worst of what they had reached by this step.
        var leaders = complete.OrderBy(t => context.Direction.ToLoss(t.Value!.Value)).ThenBy(t => t.Number).Take(TopTrials);
        double reference = double.NaN;
        foreach (var t in leaders)
        {
            double reached = PercentilePruner.BestSoFar(t, context.Direction, step);
            if (double.IsNaN(reached))
                continue;
            if (double.IsNaN(reference) || context.Direction.IsBetter(reference, reached))
                reference = reached;
        }
        if (double.IsNaN(reference))
            return PruneDecision.Continue;
        double mine = PercentilePruner.BestSoFar(context.Trial, context.Direction, step);
        if (double.IsNaN(mine))
            return PruneDecision.Prune;
        // Prune only when clearly behind: by more than MinDelta.
        double gap = context.Direction.ToLoss(mine) - context.Direction.ToLoss(reference);
        return gap > MinDelta ? PruneDecision.Prune : PruneDecision.Continue;
    }

    /// <summary>Keras' rule: the last <see cref="Patience"/> reports brought no improvement larger than <see cref="MinDelta"/> over the best before them.</summary>
    internal bool HasPlateaued(TrialRecord trial, OptimizationDirection direction)
    {
        var values = trial.IntermediateValues.Values.ToList();
        if (values.Count <= Patience)
            return false;
        double best = double.NaN;
        int wait = 0;
        foreach (double v in values)
        {
            if (double.IsNaN(v))
            {
                wait++;
                continue;
            }
            if (double.IsNaN(best) || direction.ToLoss(v) < direction.ToLoss(best) - MinDelta)
            {
                best = v;
                wait = 0;
            }
            else
            {
                wait++;
            }
        }
        return wait >= Patience;
    }
}
