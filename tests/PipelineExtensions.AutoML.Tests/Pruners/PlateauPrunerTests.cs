using PipelineExtensions.AutoML.Pruners;
using PipelineExtensions.AutoML.Trials;

namespace PipelineExtensions.AutoML.Tests.Pruners;

public class PlateauPrunerTests
{
    // Validation accuracy curves (maximise): the leaders climb to ~0.9.
    private static readonly double[][] Leaders =
    [
        [0.50, 0.65, 0.75, 0.82, 0.86, 0.88, 0.89, 0.90],
        [0.45, 0.60, 0.72, 0.80, 0.84, 0.87, 0.88, 0.89],
        [0.40, 0.55, 0.70, 0.78, 0.83, 0.86, 0.87, 0.88],
    ];

    private static PruneDecision Judge(PlateauPruner pruner, double[] curve, IReadOnlyDictionary<string, double>? attributes = null)
    {
        var study = Leaders.Select((c, i) => Trial(i, TrialState.Complete, c)).ToList();
        var self = new TrialRecord(9, TrialState.Running, null, null, curve.Select((v, i) => (i, v)).ToDictionary(e => e.i, e => e.v), null, null, attributes);
        return pruner.Decide(new PrunerContext(self, OptimizationDirection.Maximize, () => [.. study, self]));
    }

    [Fact]
    public void A_plateau_below_the_leaders_is_pruned()
    {
        // Stuck at the majority-class share (0.5) for three epochs: the leaders were at ≥ 0.78 by then.
        Assert.Equal(PruneDecision.Prune, Judge(new PlateauPruner(patience: 3), [0.50, 0.50, 0.50, 0.50]));
    }

    [Fact]
    public void A_trial_still_improving_is_not_pruned_even_when_behind()
    {
        Assert.Equal(PruneDecision.Continue, Judge(new PlateauPruner(patience: 3), [0.30, 0.40, 0.50, 0.60]));
    }

    [Fact]
    public void A_plateau_at_the_leaders_level_continues()
    {
        // By step 6 the third leader had reached 0.87; so has this trial.
        Assert.Equal(PruneDecision.Continue, Judge(new PlateauPruner(patience: 2, topTrials: 3), [0.50, 0.66, 0.76, 0.84, 0.87, 0.87, 0.87]));
    }

    [Fact]
    public void Min_delta_makes_tiny_gains_count_as_a_plateau()
    {
        double[] creeping = [0.50, 0.501, 0.502, 0.503, 0.504];
        Assert.Equal(PruneDecision.Continue, Judge(new PlateauPruner(patience: 3), creeping));
        Assert.Equal(PruneDecision.Prune, Judge(new PlateauPruner(patience: 3, minDelta: 0.01), creeping));
    }

    [Fact]
    public void A_plateau_signalled_by_the_training_loop_is_judged_at_once()
    {
        var signalled = new Dictionary<string, double> { [PlateauPruner.PlateauAttribute] = 1 };
        Assert.Equal(PruneDecision.Prune, Judge(new PlateauPruner(patience: 10), [0.40, 0.41], signalled));
        Assert.Equal(PruneDecision.Continue, Judge(new PlateauPruner(patience: 10), [0.40, 0.41]));
    }

    [Fact]
    public void No_pruning_before_enough_complete_trials()
    {
        var pruner = new PlateauPruner(patience: 1, startupTrials: 4);
        Assert.Equal(PruneDecision.Continue, Judge(pruner, [0.5, 0.5, 0.5]));
    }

    private static TrialRecord Trial(int number, TrialState state, double[] curve) =>
        new(number, state, null, curve[^1], curve.Select((v, i) => (i, v)).ToDictionary(e => e.i, e => e.v));
}
