using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PipelineExtensions.AutoML.Experiments;
using PipelineExtensions.AutoML.Pruners;
using PipelineExtensions.AutoML.SearchSpaces;
using PipelineExtensions.AutoML.Trials;
using PipelineExtensions.AutoML.Tuners;

namespace PipelineExtensions.AutoML.Tests.TestData;

/// <summary>One trial of an unpruned sweep: its configuration (formatted) and its learning curve, one value per epoch.</summary>
internal sealed record RecordedTrial(int Number, string Parameters, double[] Curve);

/// <summary>
/// The learning curves of every trial of one unpruned sweep, in trial order. The sweep is deterministic per seed
/// (same configurations, same training seed), so a pruned run sees exactly these curves, cut where the pruner stops
/// a trial: replaying them through a pruner gives its decisions and epoch share in milliseconds instead of a
/// ten-minute training run. Written by the <c>automl-pruning</c> benchmark (<c>--record</c>), read by its
/// <c>--replay</c> mode and by the pruner tests. Also compiled into the benchmark project (linked file).
/// </summary>
internal sealed class RecordedSweep
{
    public required string Description { get; init; }
    public required int Seed { get; init; }
    public required int Epochs { get; init; }
    public required string Metric { get; init; }
    public required OptimizationDirection Direction { get; init; }
    public required IReadOnlyList<RecordedTrial> Trials { get; init; }

    /// <summary>Rows of the validation set the metric was measured on, when it is an accuracy (its sampling noise follows from it).</summary>
    public int? ValidationRows { get; init; }

    /// <summary>
    /// The binomial standard error √(p(1−p)/n) of an accuracy p measured on <see cref="ValidationRows"/> rows — how far
    /// two evaluations of the same model on different validation samples typically differ; null when unknown.
    /// </summary>
    public double? StandardError(double accuracy) =>
        ValidationRows is { } n ? Math.Sqrt(accuracy * (1 - accuracy) / n) : null;

    public void Save(string path)
    {
        var root = new JsonObject
        {
            ["description"] = Description,
            ["seed"] = Seed,
            ["epochs"] = Epochs,
            ["metric"] = Metric,
            ["validation_rows"] = ValidationRows,
            ["direction"] = Direction == OptimizationDirection.Maximize ? "maximize" : "minimize",
            ["trials"] = new JsonArray(Trials.Select(t => (JsonNode)new JsonObject
            {
                ["number"] = t.Number,
                ["parameters"] = t.Parameters,
                ["curve"] = new JsonArray(t.Curve.Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
            }).ToArray()),
        };
        File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    public static RecordedSweep Load(string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path}: empty file.");
        return new RecordedSweep
        {
            Description = root["description"]?.GetValue<string>() ?? "",
            Seed = root["seed"]!.GetValue<int>(),
            Epochs = root["epochs"]!.GetValue<int>(),
            Metric = root["metric"]!.GetValue<string>(),
            ValidationRows = root["validation_rows"]?.GetValue<int>(),
            Direction = root["direction"]!.GetValue<string>() == "minimize" ? OptimizationDirection.Minimize : OptimizationDirection.Maximize,
            Trials = root["trials"]!.AsArray().Select(t => new RecordedTrial(
                t!["number"]!.GetValue<int>(), t["parameters"]!.GetValue<string>(),
                t["curve"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray())).ToList(),
        };
    }

    /// <summary>
    /// The unpruned sweep's best trial: the best objective (ties: the earlier trial). The objective is the mean of the
    /// last <paramref name="window"/> epochs (<see cref="HistoryObjective.TrailingMean(ReadOnlySpan{double}, int)"/>;
    /// 1: the final value).
    /// </summary>
    public (int Number, double Value) Best(int window = 1) =>
        Trials.Select(t => (t.Number, Value: HistoryObjective.TrailingMean(t.Curve, window))).OrderBy(e => Direction.ToLoss(e.Value)).ThenBy(e => e.Number).First();

    public long TotalEpochs => Trials.Sum(t => (long)t.Curve.Length);
}

/// <summary>What a pruner did to a recorded sweep.</summary>
internal sealed record ReplayResult(ExperimentResult Result, int[] StoppedAfter)
{
    /// <summary>Epochs run, over all trials.</summary>
    public long TotalEpochs => Result.TotalSteps;

    /// <summary>The pruning proof's "same best": the replay's best objective equals the unpruned sweep's to 1e-9 (trailing means of the same counts may differ in the last bit with summation order).</summary>
    public bool ReachesBest(RecordedSweep sweep, int window) =>
        Result.BestTrial?.Value is { } v && sweep.Direction.ToLoss(v) <= sweep.Direction.ToLoss(sweep.Best(window).Value) + 1e-9;

    /// <summary>The epochs run as a share of the unpruned sweep's.</summary>
    public double Share(RecordedSweep sweep) => (double)TotalEpochs / sweep.TotalEpochs;

    /// <summary>The pruning proof's budget: at most 1/3 of the unpruned sweep's epochs.</summary>
    public bool WithinThird(RecordedSweep sweep) => TotalEpochs * 3 <= sweep.TotalEpochs;

    /// <summary>The proof's verdict on this sweep: ✓ same best within the budget, · same best only, ✗ not the best.</summary>
    public char Mark(RecordedSweep sweep, int window) => ReachesBest(sweep, window) ? WithinThird(sweep) ? '✓' : '·' : '✗';
}

/// <summary>
/// Feeds recorded curves to a pruner through the real <see cref="Experiment"/> (in-memory store, one trial at a time,
/// same order). With a <c>window</c> above 1 every reported value and the objective are the trailing mean of the
/// recorded curve (<see cref="HistoryObjective.TrailingMean(ReadOnlySpan{double}, int)"/>), the numbers a live sweep
/// with <c>TrialPruningCallback(trial, metric, window)</c> and a trailing-mean evaluator reports.
/// </summary>
internal static class CurveReplay
{
    public static ReplayResult Replay(RecordedSweep sweep, IPruner pruner, int window = 1)
    {
        var curves = sweep.Trials.OrderBy(t => t.Number).Select(t => t.Curve).ToArray();
        var stoppedAfter = new int[curves.Length];
        // The parameter only indexes the recorded trial; RandomTuner is never asked because trials are enqueued.
        var space = new SearchSpace().AddInt("recorded", 0, Math.Max(1, curves.Length - 1));
        var experiment = new Experiment(space, (p, trial) =>
            {
                int n = p.GetInt32("recorded");
                var curve = curves[n];
                for (int epoch = 0; epoch < curve.Length; epoch++)
                {
                    stoppedAfter[n] = epoch + 1;
                    if (trial.Report(epoch, HistoryObjective.TrailingMean(curve.AsSpan(0, epoch + 1), window)))
                        return double.NaN; // pruned: the experiment records the trial as pruned
                }
                return HistoryObjective.TrailingMean(curve, window);
            },
            new ExperimentOptions
            {
                StudyName = "replay", MaxTrials = curves.Length, Direction = sweep.Direction, Pruner = pruner,
                Tuner = new RandomTuner(0), DegreeOfParallelism = 1,
            });
        for (int n = 0; n < curves.Length; n++)
            experiment.Enqueue(new Dictionary<string, object> { ["recorded"] = n });
        return new ReplayResult(experiment.Run(), stoppedAfter);
    }

    /// <summary>One line per trial: number, curve, and where the pruner stopped it.</summary>
    public static string Format(RecordedSweep sweep, ReplayResult? replay = null)
    {
        var lines = new List<string>();
        foreach (var t in sweep.Trials)
        {
            string curve = string.Join(" ", t.Curve.Select(v => v.ToString("F3", CultureInfo.InvariantCulture)));
            string stop = replay is null ? "" : replay.Result.Trials[t.Number].State == TrialState.Pruned ? $"  pruned after {replay.StoppedAfter[t.Number]}" : "";
            lines.Add($"{t.Number,3}  {curve}{stop}");
        }
        return string.Join(Environment.NewLine, lines);
    }
}
