using PipelineExtensions.AutoML.Pruners;
using PipelineExtensions.AutoML.Tests.TestData;
using PipelineExtensions.AutoML.Trials;

namespace PipelineExtensions.AutoML.Tests.Pruners;

/// <summary>
/// The replay harness against the live benchmark: replaying the recorded seed-1 sweep through the pruners of the
/// live <c>automl-pruning</c> run (benchmarks/README.md, 17:10 UTC run, trained for real) must give that run's
/// best trial, trial counts and total epochs — the sweep is deterministic per seed, so pruning only cuts curves.
/// </summary>
public class CurveReplayTests
{
    private static RecordedSweep Seed1() => RecordedSweep.Load(Path.Combine(AppContext.BaseDirectory, "Parity", "curves", "fashion_mlp_seed1.json"));

    public static TheoryData<string, double, int, int, int, long> LiveRun() => new()
    {
        // pruner, best val_accuracy, best trial, complete, pruned, total epochs (as printed by the live run)
        { "none", 0.800, 6, 24, 0, 288 },
        { "asha", 0.790, 0, 1, 23, 82 },
        { "plateau", 0.800, 6, 15, 9, 278 },
        { "median", 0.800, 6, 10, 14, 182 },
    };

    [Theory]
    [MemberData(nameof(LiveRun))]
    public void Replay_reproduces_the_live_run(string name, double best, int bestTrial, int complete, int pruned, long epochs)
    {
        IPruner pruner = name switch
        {
            "none" => new NoPruner(),
            "asha" => new AshaPruner(minResource: 1, reductionFactor: 3),
            "plateau" => new PlateauPruner(patience: 2, topTrials: 3, startupTrials: 3),
            _ => new MedianPruner(startupTrials: 5, warmupSteps: 2),
        };
        var replay = CurveReplay.Replay(Seed1(), pruner);
        var counts = replay.Result.CountByState;
        Assert.Equal(best, replay.Result.BestTrial!.Value!.Value, 6);
        Assert.Equal(bestTrial, replay.Result.BestTrial.Number);
        Assert.Equal(complete, counts.GetValueOrDefault(TrialState.Complete));
        Assert.Equal(pruned, counts.GetValueOrDefault(TrialState.Pruned));
        Assert.Equal(epochs, replay.TotalEpochs);
    }

    [Fact]
    public void Recorded_curves_round_trip_and_name_their_best_trial()
    {
        var sweep = Seed1();
        Assert.Equal(24, sweep.Trials.Count);
        Assert.All(sweep.Trials, t => Assert.Equal(12, t.Curve.Length));
        Assert.Equal((6, 0.800), sweep.Best()); // trials 6 and 20 both end at 0.800: the earlier one wins the tie
        Assert.Equal(1000, sweep.ValidationRows);
        Assert.Equal(Math.Sqrt(0.8 * 0.2 / 1000), sweep.StandardError(0.8)!.Value, 12);
        string path = Path.Combine(Path.GetTempPath(), $"pipex-curves-{Guid.NewGuid():N}.json");
        try
        {
            sweep.Save(path);
            var again = RecordedSweep.Load(path);
            Assert.Equal(sweep.Trials.Select(t => t.Curve), again.Trials.Select(t => t.Curve));
            Assert.Equal(sweep.Direction, again.Direction);
            Assert.Equal(sweep.ValidationRows, again.ValidationRows);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
