using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using PipelineExtensions.IO;

namespace PipelineExtensions.Training;

/// <summary>
/// The on-disk form of a training checkpoint: a zip with <c>checkpoint.json</c> (position, learning rate,
/// history, callback states, a fingerprint of the run), <c>model.bin</c> (the model's full training state)
/// and <c>snapshots/*.bin</c> (snapshots callbacks hold, e.g. the best weights). Written atomically.
/// </summary>
internal static class CheckpointFile
{
    private const string Format = "pipex-training-checkpoint";
    private const int Version = 1;
    private const string Manifest = "checkpoint.json";
    private const string ModelEntry = "model.bin";

    public static void Write(string path, TrainingContext context, TrainingCallback[] callbacks, int nextEpoch, int batchSize)
    {
        var model = context.Model;
        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            WriteSnapshot(zip, ModelEntry, model, model.CaptureSnapshot(SnapshotScope.TrainingState));
            var states = new JsonArray();
            for (int i = 0; i < callbacks.Length; i++)
            {
                var state = new CallbackState();
                callbacks[i].SaveState(state);
                var snapshots = new JsonObject();
                int j = 0;
                foreach (var (key, snapshot) in state.Snapshots)
                {
                    string? entryName = null;
                    if (snapshot is not null)
                    {
                        // Index numbers keep names unique even when two keys sanitise alike.
                        entryName = $"snapshots/{i}-{j}-{Sanitize(key)}.bin";
                        WriteSnapshot(zip, entryName, model, snapshot);
                    }
                    snapshots[key] = entryName;
                    j++;
                }
                states.Add(new JsonObject
                {
                    ["type"] = callbacks[i].GetType().FullName,
                    ["values"] = state.Values.DeepClone(),
                    ["snapshots"] = snapshots,
                });
            }
            var manifest = new JsonObject
            {
                ["format"] = Format,
                ["version"] = Version,
                ["next_epoch"] = nextEpoch,
                ["step"] = context.Step,
                ["learning_rate"] = Exact(model.LearningRate),
                ["learning_rate_scale"] = Exact(context.LearningRateScale),
                ["momentum"] = model is IMomentumControl m ? Exact(m.Momentum) : null,
                ["stop_requested"] = context.StopRequested,
                ["stop_reason"] = context.PendingStopReason.ToString(),
                ["stop_message"] = context.PendingStopMessage,
                ["fingerprint"] = Fingerprint(context, callbacks, batchSize),
                ["history"] = context.History.ToJson(),
                ["callbacks"] = states,
            };
            var entry = zip.CreateEntry(Manifest, CompressionLevel.Optimal);
            using var manifestStream = entry.Open();
            using var writer = new Utf8JsonWriter(manifestStream, new JsonWriterOptions { Indented = true });
            manifest.WriteTo(writer);
        });
    }

    /// <summary>Restores the run's state from <paramref name="path"/>; returns the epoch to continue with.</summary>
    public static int Read(string path, TrainingContext context, TrainingCallback[] callbacks, int batchSize, int stepsPerEpoch)
    {
        if (!File.Exists(path))
            throw new CheckpointException($"Checkpoint '{path}' does not exist.");
        var model = context.Model;
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var manifestEntry = zip.GetEntry(Manifest) ?? throw new CheckpointException($"'{path}' is not a training checkpoint (no {Manifest}).");
            JsonObject manifest;
            using (var s = manifestEntry.Open())
                manifest = JsonNode.Parse(s) as JsonObject ?? throw new CheckpointException($"'{path}': {Manifest} is not a JSON object.");
            if (manifest["format"]?.GetValue<string>() != Format)
                throw new CheckpointException($"'{path}' is not a training checkpoint (format '{manifest["format"]}').");
            int version = manifest["version"]!.GetValue<int>();
            if (version != Version)
                throw new CheckpointException($"'{path}' has checkpoint format version {version}; this library reads version {Version}.");
            var expected = Fingerprint(context, callbacks, batchSize);
            var actual = manifest["fingerprint"] as JsonObject ?? throw new CheckpointException($"'{path}' lacks the run fingerprint.");
            foreach (var (key, value) in expected)
            {
                string want = value?.ToJsonString() ?? "null", got = actual[key]?.ToJsonString() ?? "null";
                if (want != got)
                    throw new CheckpointException($"Checkpoint '{path}' belongs to another run: its {key} is {got}, this run's is {want}. Resume with the same data, seed, batch size and callbacks.");
            }

            model.RestoreSnapshot(ReadSnapshot(zip, ModelEntry, model, path));
            model.LearningRate = ReadExact(manifest["learning_rate"]);
            if (model is IMomentumControl momentum && manifest["momentum"] is { } m)
                momentum.Momentum = ReadExact(m);
            context.LearningRateScale = ReadExact(manifest["learning_rate_scale"]);
            context.Step = manifest["step"]!.GetValue<long>();
            context.RestoreStop(manifest["stop_requested"]!.GetValue<bool>(), Enum.Parse<StopReason>(manifest["stop_reason"]!.GetValue<string>()),
                manifest["stop_message"]?.GetValue<string>());

            var restored = TrainingHistory.FromJson(manifest["history"]);
            foreach (var report in restored.Epochs)
                context.History.Add(report);
            foreach (var e in restored.Events)
                context.History.Add(e);

            var states = manifest["callbacks"]!.AsArray();
            for (int i = 0; i < callbacks.Length; i++)
            {
                var node = states[i]!.AsObject();
                var snapshots = new Dictionary<string, IModelSnapshot?>(StringComparer.Ordinal);
                foreach (var (key, entry) in node["snapshots"]!.AsObject())
                    snapshots[key] = entry is null ? null : ReadSnapshot(zip, entry.GetValue<string>(), model, path);
                callbacks[i].LoadState(new CallbackState(node["values"]!.AsObject().DeepClone().AsObject(), snapshots));
            }
            int nextEpoch = manifest["next_epoch"]!.GetValue<int>();
            if (context.Step != (long)nextEpoch * stepsPerEpoch)
                throw new CheckpointException($"'{path}' is inconsistent: {context.Step} steps after {nextEpoch} epochs of {stepsPerEpoch} steps.");
            return nextEpoch;
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or InvalidOperationException or FormatException or NullReferenceException or KeyNotFoundException)
        {
            throw new CheckpointException($"Checkpoint '{path}' is damaged or incompatible: {e.Message}", e);
        }
    }

    private static JsonObject Fingerprint(TrainingContext context, TrainingCallback[] callbacks, int batchSize)
    {
        var model = context.Model;
        return new JsonObject
        {
            ["seed"] = context.Options.Seed,
            ["batch size"] = batchSize,
            ["shuffle"] = context.Options.Shuffle,
            ["drop last batch"] = context.Options.DropLastIncompleteBatch,
            ["training rows"] = model.RowCount(DataPart.Training),
            ["validation rows"] = model.RowCount(DataPart.Validation),
            ["classes"] = model.ClassCount,
            ["callbacks"] = string.Join(", ", callbacks.Select(c => c.GetType().Name)),
        };
    }

    private static void WriteSnapshot(ZipArchive zip, string name, ITrainableModel model, IModelSnapshot snapshot)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        using var s = entry.Open();
        model.WriteSnapshot(snapshot, s);
    }

    private static IModelSnapshot ReadSnapshot(ZipArchive zip, string name, ITrainableModel model, string path)
    {
        var entry = zip.GetEntry(name) ?? throw new CheckpointException($"'{path}' lacks the entry '{name}'.");
        using var s = entry.Open();
        // Zip entry streams do not seek; engines may want to, so hand them a buffered copy.
        using var buffer = new MemoryStream();
        s.CopyTo(buffer);
        buffer.Position = 0;
        return model.ReadSnapshot(buffer);
    }

    private static string Sanitize(string key) => string.Concat(key.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_'));

    private static JsonNode Exact(double value) => JsonValue.Create(value.ToString("R", CultureInfo.InvariantCulture));

    private static double ReadExact(JsonNode? node) => double.Parse(node!.GetValue<string>(), CultureInfo.InvariantCulture);
}
