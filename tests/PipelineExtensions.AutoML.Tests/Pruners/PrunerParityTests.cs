using PipelineExtensions.AutoML.Pruners;
using PipelineExtensions.AutoML.Tests.TestData;
using PipelineExtensions.AutoML.Trials;

namespace PipelineExtensions.AutoML.Tests.Pruners;

/// <summary>Decisions of our Median/Percentile and ASHA pruners against Optuna 3.1's on the same studies (parity.json).</summary>
public class PrunerParityTests
{
    [Fact]
    public void Percentile_and_median_decide_as_Optuna()
    {
        int checkedCases = 0;
        foreach (var c in Parity.Get("pruners").AsArray().Where(c => c!["kind"]!.GetValue<string>() == "percentile"))
        {
            var s = c!["settings"]!;
            var direction = c["direction"]!.GetValue<string>() == "minimize" ? OptimizationDirection.Minimize : OptimizationDirection.Maximize;
            double percentile = s["percentile"]!.GetValue<double>();
            int startup = s["n_startup_trials"]!.GetValue<int>(), warmup = s["n_warmup_steps"]!.GetValue<int>();
            int interval = s["interval_steps"]!.GetValue<int>(), minTrials = s["n_min_trials"]!.GetValue<int>();
            IPruner pruner = percentile == 50 ? new MedianPruner(startup, warmup, interval, minTrials) : new PercentilePruner(percentile, startup, warmup, interval, minTrials);
            var completed = c["completed"]!.AsArray().Select((curve, i) => Trial(i, TrialState.Complete, Parity.Doubles(curve))).ToList();
            var judged = Trial(completed.Count, TrialState.Running, Parity.Doubles(c["curve"]));
            var decision = pruner.Decide(new PrunerContext(judged, direction, () => [.. completed, judged]));
            Assert.Equal(c["prune"]!.GetValue<bool>(), decision == PruneDecision.Prune);
            checkedCases++;
        }
        Assert.Equal(48, checkedCases);
    }

    [Fact]
    public void Asha_prunes_each_trial_at_the_step_Optuna_does()
    {
        foreach (var c in Parity.Get("pruners").AsArray().Where(c => c!["kind"]!.GetValue<string>() == "asha"))
        {
            var direction = c!["direction"]!.GetValue<string>() == "minimize" ? OptimizationDirection.Minimize : OptimizationDirection.Maximize;
            var pruner = new AshaPruner(c["settings"]!["min_resource"]!.GetValue<int>(), c["settings"]!["reduction_factor"]!.GetValue<int>());
            var study = new List<TrialRecord>();
            var expected = Parity.Doubles(c["pruned_at"]).Select(d => (int)d).ToArray();
            var curves = c["curves"]!.AsArray().Select(Parity.Doubles).ToArray();
            for (int n = 0; n < curves.Length; n++)
            {
                var values = new SortedDictionary<int, double>();
                var attributes = new Dictionary<string, double>();
                int stop = -1;
                for (int step = 0; step < curves[n].Length; step++)
                {
                    values[step] = curves[n][step];
                    var self = new TrialRecord(n, TrialState.Running, null, null, values, null, null, attributes);
                    var context = new PrunerContext(self, direction, () => [.. study, self], (k, v) => attributes[k] = v);
                    if (pruner.Decide(context) == PruneDecision.Prune)
                    {
                        stop = step;
                        break;
                    }
                }
                Assert.True(expected[n] == stop, $"{direction} η={pruner.ReductionFactor}: trial {n} pruned at {stop}, Optuna at {expected[n]}");
                study.Add(new TrialRecord(n, stop >= 0 ? TrialState.Pruned : TrialState.Complete, null, stop >= 0 ? null : curves[n][^1], values, null, null, attributes));
            }
        }
    }

    private static TrialRecord Trial(int number, TrialState state, double[] curve) =>
        new(number, state, null, state == TrialState.Complete ? curve[^1] : null, curve.Select((v, i) => (i, v)).ToDictionary(e => e.i, e => e.v));
}
