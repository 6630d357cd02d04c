using PipelineExtensions.AutoML.SearchSpaces;
using PipelineExtensions.AutoML.Tests.TestData;
using PipelineExtensions.AutoML.Trials;
using PipelineExtensions.AutoML.Tuners;
using PipelineExtensions.AutoML.Tuners.Cfo;
using PipelineExtensions.AutoML.Tuners.Tpe;

namespace PipelineExtensions.AutoML.Tests.Tuners;

public class TunerBehaviourTests
{
    [Fact]
    public void Tune_objective_has_its_documented_optimum()
    {
        // The three optimum points listed in ../shared/parity/tune_objective.md.
        Assert.Equal(1.0, TuneObjective.Evaluate(3.130223102235262e-05, 64, 0.4091666666666667, 1e-4), 9);
        Assert.Equal(1.0, TuneObjective.Evaluate(0.0014828300354368569, 64, 0.07583333333333334, 1e-4), 9);
        Assert.Equal(1.0, TuneObjective.Evaluate(0.07024380037315349, 64, 0.0825, 1e-4), 9);
        Assert.True(TuneObjective.Evaluate(1e-3, 16, 0.3, 1e-3) > 1.01);
    }

    [Fact]
    public void Tpe_reaches_the_target_sooner_than_random_over_seeds()
    {
        // Same seeds for both; medians over 6 seeds (the benchmark compares with Optuna over 10 seeds × 200 trials).
        var space = TuneObjective.Space();
        var tpe = Enumerable.Range(0, 6).Select(s => History.TrialsToReach(History.Run(new TpeTuner(s), space, TuneObjective.Evaluate, 120), TuneObjective.Target)).Order().ToArray();
        var random = Enumerable.Range(0, 6).Select(s => History.TrialsToReach(History.Run(new RandomTuner(s), space, TuneObjective.Evaluate, 120), TuneObjective.Target)).Order().ToArray();
        Assert.True(tpe[3] < random[3], $"TPE {string.Join(",", tpe)} vs random {string.Join(",", random)}");
    }

    [Fact]
    public void Tpe_maximises_when_asked()
    {
        var space = new SearchSpace().AddFloat("x", -5, 5).AddInt("n", 0, 20);
        var history = History.Run(new TpeTuner(3), space, p => -Math.Pow(p.GetDouble("x") - 1, 2) - Math.Abs(p.GetInt32("n") - 7), 60, OptimizationDirection.Maximize);
        var best = history.MaxBy(t => t.Value)!;
        Assert.True(best.Value > -0.6, $"best {best.Value}");
        Assert.Equal(7, (int)best.Parameters!["n"]);
    }

    [Fact]
    public void Tpe_models_a_conditional_parameter_only_where_active()
    {
        // The optimum is under sampler=smote with k=8; TPE must learn both the choice and k.
        var space = new SearchSpace().AddChoice("sampler", c => c
            .Option("none")
            .Option("smote", s => s.AddInt("smote.k", 3, 10))
            .Option("random", s => s.AddFloat("random.ratio", 0, 1)));
        double F(TrialParameters p) => p.GetString("sampler") switch
        {
            "smote" => Math.Abs(p.GetInt32("smote.k") - 8),
            "random" => 2 + p.GetDouble("random.ratio"),
            _ => 5,
        };
        // Random search hits (smote, k=8) with probability 1/24: about 1.7 times in 40 trials.
        var history = History.Run(new TpeTuner(1), space, F, 60);
        var late = history.Skip(20).ToList();
        Assert.True(late.Count(t => t.Value == 0) >= 8, string.Join(" ", late.Select(t => t.Value)));
    }

    [Fact]
    public void Cfo_starts_at_the_low_cost_point_and_walks_to_the_optimum()
    {
        var space = new SearchSpace().AddInt("epochs", 1, 100).AddFloat("lr", 1e-4, 1, log: true);
        var tuner = new CfoTuner(new CfoOptions { Seed = 2, LowCostPoint = new Dictionary<string, object> { ["epochs"] = 1, ["lr"] = 1e-4 } });
        // Loss falls with epochs up to 30 and with lr up to 1e-2.
        double F(TrialParameters p) => Math.Abs(p.GetInt32("epochs") - 30) / 30.0 + Math.Abs(Math.Log10(p.GetDouble("lr")) + 2);
        var history = History.Run(tuner, space, F, 120);
        Assert.Equal(1, (int)history[0].Parameters!["epochs"]);
        Assert.Equal(1e-4, history[0].Parameters!["lr"], 12);
        var best = history.MinBy(t => t.Value)!;
        Assert.True(best.Value < 0.15, $"best {best.Value} at {string.Join(",", best.Parameters!)}");
        // Cost-frugal: the early trials stay cheap (few epochs) while the search climbs.
        Assert.True(history.Take(10).Average(t => t.Parameters!["epochs"]) < 30);
    }

    [Fact]
    public void Cfo_restarts_after_converging()
    {
        var space = new SearchSpace().AddInt("a", 0, 3).AddInt("b", 0, 3);
        var tuner = new CfoTuner(5);
        History.Run(tuner, space, p => p.GetInt32("a") + p.GetInt32("b"), 80);
        Assert.True(tuner.Restarts > 0);
    }

    [Fact]
    public void Grid_runs_out_with_a_clear_message()
    {
        var space = new SearchSpace().AddCategorical("c", "a", "b");
        var e = Assert.Throws<InvalidOperationException>(() => new GridTuner().Suggest(new TunerContext(space, 2, [], OptimizationDirection.Minimize)));
        Assert.Contains("exhausted", e.Message);
    }
}
