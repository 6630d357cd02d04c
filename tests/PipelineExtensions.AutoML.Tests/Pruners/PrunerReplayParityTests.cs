using System.Text.Json.Nodes;
using PipelineExtensions.AutoML.Pruners;
using PipelineExtensions.AutoML.Tests.TestData;
using PipelineExtensions.AutoML.Trials;

namespace PipelineExtensions.AutoML.Tests.Pruners;

/// <summary>
/// Our ASHA and median pruners against Optuna 3.1's on real learning curves: the three recorded unpruned
/// <c>automl-pruning</c> sweeps (Parity/curves, 24 MLPs × 12 epochs of Fashion-MNIST validation accuracy) replayed
/// trial by trial through the real experiment must stop every trial after the same number of epochs as Optuna's
/// pruners do on the same replay (Parity/make_pruner_replay.py → Parity/pruner_replay.json).
/// </summary>
public class PrunerReplayParityTests
{
    private static readonly Lazy<JsonNode> Root = new(() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Parity", "pruner_replay.json")))!);

    public static TheoryData<string, string> Runs()
    {
        var data = new TheoryData<string, string>();
        foreach (var sweep in Root.Value["sweeps"]!.AsArray())
            foreach (var run in sweep!["runs"]!.AsArray())
                if (run!["settings"]!["kind"]!.GetValue<string>() is "asha" or "median")
                    data.Add(sweep["curves"]!.GetValue<string>(), run["name"]!.GetValue<string>());
        return data;
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void Stops_every_trial_where_Optuna_does(string curves, string run)
    {
        var sweep = RecordedSweep.Load(Path.Combine(AppContext.BaseDirectory, "Parity", "curves", curves));
        var expected = Root.Value["sweeps"]!.AsArray().Single(s => s!["curves"]!.GetValue<string>() == curves)!["runs"]!.AsArray()
            .Single(r => r!["name"]!.GetValue<string>() == run)!;
        var s = expected["settings"]!;
        IPruner pruner = s["kind"]!.GetValue<string>() == "asha"
            ? new AshaPruner(s["min_resource"]?.GetValue<int>(), s["reduction_factor"]!.GetValue<int>())
            : new MedianPruner(s["n_startup_trials"]!.GetValue<int>(), s["n_warmup_steps"]!.GetValue<int>());

        var replay = CurveReplay.Replay(sweep, pruner);

        var epochs = Parity.Doubles(expected["epochs"]).Select(e => (int)e).ToArray();
        var pruned = expected["pruned"]!.AsArray().Select(p => p!.GetValue<bool>()).ToArray();
        Assert.Equal(epochs, replay.StoppedAfter);
        Assert.Equal(pruned, replay.Result.Trials.Select(t => t.State == TrialState.Pruned).ToArray());
        Assert.Equal(expected["total_epochs"]!.GetValue<long>(), replay.TotalEpochs);
    }
}
