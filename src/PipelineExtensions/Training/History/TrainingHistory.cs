using System.Text.Json;
using System.Text.Json.Nodes;
using PipelineExtensions.IO;

namespace PipelineExtensions.Training;

/// <summary>
/// The record of a training run: one <see cref="EpochReport"/> per completed epoch, every
/// <see cref="TrainingEvent"/> (learning-rate cuts, best epochs, divergence recoveries, stops), why training
/// ended and which epoch's weights the model holds at the end. Saved as JSON for reports and diagnosis.
/// </summary>
public sealed class TrainingHistory
{
    private readonly List<EpochReport> _epochs = [];
    private readonly List<TrainingEvent> _events = [];

    /// <summary>The completed epochs in order.</summary>
    public IReadOnlyList<EpochReport> Epochs => _epochs;

    /// <summary>The events in the order they happened.</summary>
    public IReadOnlyList<TrainingEvent> Events => _events;

    /// <summary>Why training ended (<see cref="StopReason.None"/> while it runs).</summary>
    public StopReason StopReason { get; internal set; }

    /// <summary>A sentence explaining the stop, with figures.</summary>
    public string? StopMessage { get; internal set; }

    /// <summary>
    /// The epoch (0-based) whose weights were restored at the end of training (e.g. by
    /// <see cref="EarlyStopping.RestoreBestWeights"/>), or null when the model holds the last epoch's weights.
    /// </summary>
    public int? RestoredEpoch { get; internal set; }

    /// <summary>Class names of the label, when the trainer knows them (for reports).</summary>
    public IReadOnlyList<string>? ClassNames { get; set; }

    /// <summary>The values of metric <paramref name="name"/> (see <see cref="MetricNames"/>) per epoch; NaN where an epoch lacks it.</summary>
    public double[] Series(string name) => _epochs.Select(e => e.TryGetMetric(name, out double v) ? v : double.NaN).ToArray();

    /// <summary>The learning rate at the end of each epoch.</summary>
    public double[] LearningRates => _epochs.Select(e => e.LearningRate).ToArray();

    /// <summary>The events of one kind.</summary>
    public IEnumerable<TrainingEvent> EventsOf(TrainingEventKind kind) => _events.Where(e => e.Kind == kind);

    /// <summary>
    /// The epoch with the best value of <paramref name="metric"/> (the first one on ties), or null when no
    /// epoch has a finite value. The direction comes from <paramref name="mode"/> (auto: by the metric's name).
    /// </summary>
    public int? BestEpoch(string metric = MetricNames.ValidationLoss, MonitorMode mode = MonitorMode.Auto)
    {
        bool higher = MonitorCallback.ResolveHigherIsBetter(metric, mode);
        int? best = null;
        double bestValue = 0;
        foreach (var epoch in _epochs)
        {
            if (!epoch.TryGetMetric(metric, out double v) || !double.IsFinite(v))
                continue;
            if (best is null || (higher ? v > bestValue : v < bestValue))
            {
                best = epoch.Epoch;
                bestValue = v;
            }
        }
        return best;
    }

    internal void Add(EpochReport report) => _epochs.Add(report);

    internal void Add(TrainingEvent trainingEvent) => _events.Add(trainingEvent);

    /// <summary>The history as JSON (numbers exact; NaN and infinities as strings).</summary>
    public JsonObject ToJson()
    {
        var epochs = new JsonArray();
        foreach (var e in _epochs)
        {
            var node = new JsonObject
            {
                ["epoch"] = e.Epoch,
                ["epochs"] = e.Epochs,
                ["learning_rate"] = Number(e.LearningRate),
                ["steps"] = e.Steps,
                ["duration_ticks"] = e.Duration.Ticks,
                ["train"] = PartJson(e.Train),
            };
            if (e.Validation is not null)
                node["validation"] = PartJson(e.Validation);
            epochs.Add(node);
        }
        var events = new JsonArray();
        foreach (var ev in _events)
        {
            events.Add(new JsonObject
            {
                ["epoch"] = ev.Epoch,
                ["step"] = ev.Step,
                ["kind"] = ev.Kind.ToString(),
                ["source"] = ev.Source,
                ["message"] = ev.Message,
                ["from"] = ev.From is { } f ? Number(f) : null,
                ["to"] = ev.To is { } t ? Number(t) : null,
            });
        }
        return new JsonObject
        {
            ["format"] = "pipex-training-history",
            ["version"] = 1,
            ["stop_reason"] = StopReason.ToString(),
            ["stop_message"] = StopMessage,
            ["restored_epoch"] = RestoredEpoch,
            ["class_names"] = ClassNames is null ? null : new JsonArray(ClassNames.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
            ["epochs"] = epochs,
            ["events"] = events,
        };
    }

    /// <summary>Reads a history written by <see cref="ToJson"/>.</summary>
    /// <exception cref="FormatException">The JSON is not a training history; the message says what is wrong.</exception>
    public static TrainingHistory FromJson(JsonNode? json)
    {
        if (json is not JsonObject root || root["format"]?.GetValue<string>() != "pipex-training-history")
            throw new FormatException("Not a training history (missing format 'pipex-training-history').");
        try
        {
            var history = new TrainingHistory
            {
                StopReason = Enum.Parse<StopReason>(root["stop_reason"]!.GetValue<string>()),
                StopMessage = root["stop_message"]?.GetValue<string>(),
                RestoredEpoch = root["restored_epoch"]?.GetValue<int>(),
                ClassNames = root["class_names"]?.AsArray().Select(n => n!.GetValue<string>()).ToArray(),
            };
            foreach (var node in root["epochs"]!.AsArray())
            {
                var e = node!.AsObject();
                history._epochs.Add(new EpochReport(
                    e["epoch"]!.GetValue<int>(), e["epochs"]!.GetValue<int>(), ReadNumber(e["learning_rate"]), e["steps"]!.GetValue<long>(),
                    TimeSpan.FromTicks(e["duration_ticks"]!.GetValue<long>()), ReadPart(e["train"]), e["validation"] is null ? null : ReadPart(e["validation"])));
            }
            foreach (var node in root["events"]!.AsArray())
            {
                var e = node!.AsObject();
                history._events.Add(new TrainingEvent(
                    e["epoch"]!.GetValue<int>(), e["step"]!.GetValue<long>(), Enum.Parse<TrainingEventKind>(e["kind"]!.GetValue<string>()),
                    e["source"]!.GetValue<string>(), e["message"]!.GetValue<string>(),
                    e["from"] is null ? null : ReadNumber(e["from"]), e["to"] is null ? null : ReadNumber(e["to"])));
            }
            return history;
        }
        catch (Exception e) when (e is InvalidOperationException or NullReferenceException or ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new FormatException($"The training history JSON is malformed: {e.Message}", e);
        }
    }

    /// <summary>Writes the history as indented JSON, atomically.</summary>
    public void Save(string path) =>
        AtomicFile.WriteAllText(path, ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    /// <summary>Reads a history saved by <see cref="Save"/>.</summary>
    public static TrainingHistory Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Training history '{path}' does not exist.", path);
        try
        {
            return FromJson(JsonNode.Parse(File.ReadAllText(path)));
        }
        catch (JsonException e)
        {
            throw new FormatException($"'{path}' is not valid JSON: {e.Message}", e);
        }
    }

    private static JsonObject PartJson(EpochMetrics m) => new()
    {
        ["loss"] = Number(m.Loss),
        ["accuracy"] = Number(m.Accuracy),
        ["balanced_accuracy"] = Number(m.BalancedAccuracy),
        ["macro_f1"] = Number(m.MacroF1),
        ["per_class_recall"] = new JsonArray(m.PerClassRecall.Select(Number).ToArray()),
        ["classes"] = m.Confusion.ClassCount,
        ["confusion"] = new JsonArray(m.Confusion.Counts.ToArray().Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()),
    };

    private static EpochMetrics ReadPart(JsonNode? node)
    {
        var o = node!.AsObject();
        int k = o["classes"]!.GetValue<int>();
        long[] counts = o["confusion"]!.AsArray().Select(c => c!.GetValue<long>()).ToArray();
        return new EpochMetrics(ReadNumber(o["loss"]), ConfusionMatrix.FromCounts(k, counts));
    }

    internal static JsonNode Number(double value) =>
        double.IsFinite(value) ? JsonValue.Create(value) : JsonValue.Create(value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    internal static double ReadNumber(JsonNode? node) =>
        node!.GetValueKind() == JsonValueKind.String
            ? double.Parse(node.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
            : node.GetValue<double>();
}
