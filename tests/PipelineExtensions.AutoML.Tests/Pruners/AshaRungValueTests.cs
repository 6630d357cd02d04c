using PipelineExtensions.AutoML.Pruners;
using PipelineExtensions.AutoML.Trials;

namespace PipelineExtensions.AutoML.Tests.Pruners;

/// <summary><see cref="AshaPruner"/> ranking by the value at the rung (Optuna) or by the best value up to it, on hand-made curves.</summary>
public class AshaRungValueTests
{
    // Replays the curves in order (η = 2, first rung at step 1); returns the step each trial was pruned at, or -1.
    private static int[] PrunedAt(AshaPruner pruner, OptimizationDirection direction, params double[][] curves)
    {
        var study = new List<TrialRecord>();
        var result = new int[curves.Length];
        for (int n = 0; n < curves.Length; n++)
        {
            var values = new SortedDictionary<int, double>();
            var attributes = new Dictionary<string, double>();
            result[n] = -1;
            for (int step = 0; step < curves[n].Length; step++)
            {
                values[step] = curves[n][step];
                var self = new TrialRecord(n, TrialState.Running, null, null, values, null, null, attributes);
                if (pruner.Decide(new PrunerContext(self, direction, () => [.. study, self], (k, v) => attributes[k] = v)) == PruneDecision.Prune)
                {
                    result[n] = step;
                    break;
                }
            }
            study.Add(new TrialRecord(n, result[n] >= 0 ? TrialState.Pruned : TrialState.Complete, null, result[n] >= 0 ? null : curves[n][^1], values, null, null, attributes));
        }
        return result;
    }

    [Fact]
    public void A_dip_at_the_rung_step_cuts_the_leader_only_when_ranking_the_last_value()
    {
        // Trial 1 leads at step 0 (0.70 vs 0.50) and dips to 0.55 at the rung step 1, below trial 0's 0.60.
        double[][] curves = [[0.50, 0.60, 0.62, 0.63], [0.70, 0.55, 0.72, 0.74]];
        Assert.Equal([-1, 1], PrunedAt(new AshaPruner(1, 2), OptimizationDirection.Maximize, curves));
        Assert.Equal([-1, -1], PrunedAt(new AshaPruner(1, 2, rungValue: AshaRungValue.BestSoFar), OptimizationDirection.Maximize, curves));
    }

    [Fact]
    public void Best_so_far_is_the_smallest_value_when_minimizing()
    {
        // Losses: trial 1's best up to the rung (0.30) beats trial 0's (0.40) although its value at the rung (0.45) does not.
        double[][] curves = [[0.50, 0.40, 0.38, 0.37], [0.30, 0.45, 0.29, 0.28]];
        Assert.Equal([-1, 1], PrunedAt(new AshaPruner(1, 2), OptimizationDirection.Minimize, curves));
        Assert.Equal([-1, -1], PrunedAt(new AshaPruner(1, 2, rungValue: AshaRungValue.BestSoFar), OptimizationDirection.Minimize, curves));
    }

    [Fact]
    public void Best_so_far_does_not_rescue_a_trial_that_never_led()
    {
        // Trial 1 is below trial 0 at every step: both statistics prune it at the first rung.
        double[][] curves = [[0.50, 0.60, 0.62, 0.63], [0.45, 0.55, 0.58, 0.61]];
        Assert.Equal([-1, 1], PrunedAt(new AshaPruner(1, 2, rungValue: AshaRungValue.BestSoFar), OptimizationDirection.Maximize, curves));
    }

    [Fact]
    public void The_recorded_rung_value_is_the_best_so_far()
    {
        var values = new SortedDictionary<int, double> { [0] = 0.8, [1] = 0.5 };
        var attributes = new Dictionary<string, double>();
        var self = new TrialRecord(0, TrialState.Running, null, null, values, null, null, attributes);
        new AshaPruner(1, 2, rungValue: AshaRungValue.BestSoFar).Decide(new PrunerContext(self, OptimizationDirection.Maximize, () => [self], (k, v) => attributes[k] = v));
        Assert.Equal(0.8, attributes[AshaPruner.RungKey(0)]);
    }

    [Fact]
    public void A_curve_of_NaN_only_is_pruned_at_the_rung()
    {
        double[][] curves = [[0.5, 0.6, 0.7], [double.NaN, double.NaN, 0.9]];
        Assert.Equal([-1, 1], PrunedAt(new AshaPruner(1, 2, rungValue: AshaRungValue.BestSoFar), OptimizationDirection.Maximize, curves));
    }

    [Fact]
    public void Rejects_an_undefined_rung_value()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new AshaPruner(1, 3, rungValue: (AshaRungValue)7));
        Assert.Equal("rungValue", e.ParamName);
    }
}
