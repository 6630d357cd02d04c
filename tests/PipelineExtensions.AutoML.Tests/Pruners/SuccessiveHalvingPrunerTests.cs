using PipelineExtensions.AutoML.Pruners;
using PipelineExtensions.AutoML.Trials;

namespace PipelineExtensions.AutoML.Tests.Pruners;

public class SuccessiveHalvingPrunerTests
{
    [Fact]
    public void Waits_for_the_whole_bracket_then_keeps_the_best_third()
    {
        var pruner = new SuccessiveHalvingPruner(minResource: 1, reductionFactor: 3, bracketSize: 6);
        // Trials 0..5 (one bracket) report their step-1 loss; trial 6 belongs to the next bracket.
        double[] losses = [0.9, 0.2, 0.5, 0.1, 0.7, 0.4];
        var trials = new Dictionary<int, (SortedDictionary<int, double> Values, Dictionary<string, double> Attributes)>();
        var decisions = new Dictionary<int, PruneDecision>();
        for (int n = 0; n < losses.Length; n++)
        {
            trials[n] = (new SortedDictionary<int, double> { [0] = 1.0, [1] = losses[n] }, []);
            decisions[n] = Decide(pruner, n, trials);
            if (n < losses.Length - 1)
                Assert.Equal(PruneDecision.Wait, decisions[n]);
        }
        // Once the rung is full, everyone reaches the same verdict: ⌊6/3⌋ = 2 go on (losses 0.1 and 0.2).
        for (int n = 0; n < losses.Length; n++)
            decisions[n] = Decide(pruner, n, trials);
        Assert.Equal([3, 1], decisions.Where(d => d.Value == PruneDecision.Continue).Select(d => d.Key).OrderBy(k => losses[k]));
    }

    [Fact]
    public void Trials_the_budget_never_creates_do_not_hold_a_rung()
    {
        var pruner = new SuccessiveHalvingPruner(minResource: 1, reductionFactor: 2, bracketSize: 8);
        var trials = new Dictionary<int, (SortedDictionary<int, double>, Dictionary<string, double>)>
        {
            [0] = (new SortedDictionary<int, double> { [1] = 0.3 }, []),
            [1] = (new SortedDictionary<int, double> { [1] = 0.6 }, []),
        };
        // Without a budget, trials 2..7 may still come: trial 0 waits.
        Assert.Equal(PruneDecision.Wait, Decide(pruner, 0, trials, maxTrials: null));
        // With a budget of 2 trials the bracket is just {0, 1}: ⌊2/2⌋ = 1 goes on.
        Assert.Equal(PruneDecision.Prune, Decide(pruner, 1, trials, maxTrials: 2));
        Assert.Equal(PruneDecision.Continue, Decide(pruner, 0, trials, maxTrials: 2));
    }

    private static PruneDecision Decide(SuccessiveHalvingPruner pruner, int number,
        Dictionary<int, (SortedDictionary<int, double> Values, Dictionary<string, double> Attributes)> trials, int? maxTrials = null)
    {
        var (values, attributes) = trials[number];
        var self = new TrialRecord(number, TrialState.Running, null, null, values, null, null, attributes);
        var others = trials.Where(t => t.Key != number)
            .Select(t => new TrialRecord(t.Key, TrialState.Running, null, null, t.Value.Values, null, null, t.Value.Attributes)).ToList();
        return pruner.Decide(new PrunerContext(self, OptimizationDirection.Minimize, () => [.. others, self], (k, v) => attributes[k] = v, maxTrials));
    }
}
