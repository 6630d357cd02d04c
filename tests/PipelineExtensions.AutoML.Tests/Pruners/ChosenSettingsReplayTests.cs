using PipelineExtensions.AutoML.Pruners;
using PipelineExtensions.AutoML.Tests.TestData;

namespace PipelineExtensions.AutoML.Tests.Pruners;

/// <summary>
/// The pre-registered test of pruner settings chosen on seeds 1–16 (benchmarks/README.md, "Pruner settings chosen
/// on seeds 1–16, to be tested on fresh seeds 17–24"), checked in CI: replaying the recorded unpruned sweeps of
/// seeds 17–24 through each chosen setting gives the per-seed verdicts recorded there. A change to a pruner, to the
/// replay or to the criterion that moves a verdict fails here.
/// </summary>
public class ChosenSettingsReplayTests
{
    private static readonly int[] NewSeeds = [17, 18, 19, 20, 21, 22, 23, 24];

    public static TheoryData<string, int, string> Chosen() => new()
    {
        // setting, objective window, verdict per seed 17–24 (✓ criterion met, · same best only, ✗ not the best)
        { "asha", 3, "✗✗✗✓✗✗✓✗" },
        { "sh", 3, "✗✓✗✓✗✗✓✓" },
        { "plateau", 2, "········" },
    };

    private static IPruner Create(string name) => name switch
    {
        "asha" => new AshaPruner(minResource: 1, reductionFactor: 4),
        "sh" => new SuccessiveHalvingPruner(minResource: 1, reductionFactor: 2),
        "plateau" => new PlateauPruner(patience: 1, minDelta: 0.015, topTrials: 3, startupTrials: 1),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Chosen))]
    public void Replay_of_the_fresh_seeds_gives_the_recorded_verdicts(string name, int window, string verdicts)
    {
        var marks = new System.Text.StringBuilder();
        foreach (int seed in NewSeeds)
        {
            var sweep = RecordedSweep.Load(Path.Combine(AppContext.BaseDirectory, "Parity", "curves", $"fashion_mlp_seed{seed}.json"));
            Assert.Equal(seed, sweep.Seed);
            Assert.Equal(24, sweep.Trials.Count);
            marks.Append(CurveReplay.Replay(sweep, Create(name), window).Mark(sweep, window));
        }
        Assert.Equal(verdicts, marks.ToString());
    }
}
