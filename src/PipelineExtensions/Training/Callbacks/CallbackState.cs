using System.Globalization;
using System.Text.Json.Nodes;

namespace PipelineExtensions.Training;

/// <summary>
/// A callback's saved state inside a checkpoint: named numbers, flags and strings (stored exactly, NaN and
/// infinities included) and named model snapshots (written through the model).
/// </summary>
public sealed class CallbackState
{
    private readonly JsonObject _values;
    private readonly Dictionary<string, IModelSnapshot?> _snapshots;

    /// <summary>An empty state.</summary>
    public CallbackState() : this(new JsonObject(), new Dictionary<string, IModelSnapshot?>(StringComparer.Ordinal))
    {
    }

    internal CallbackState(JsonObject values, Dictionary<string, IModelSnapshot?> snapshots)
    {
        _values = values;
        _snapshots = snapshots;
    }

    internal JsonObject Values => _values;

    internal IReadOnlyDictionary<string, IModelSnapshot?> Snapshots => _snapshots;

    /// <summary>Stores a number exactly (round-trip text).</summary>
    public void Set(string key, double value) => _values[key] = value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Stores an integer.</summary>
    public void Set(string key, long value) => _values[key] = value;

    /// <summary>Stores a flag.</summary>
    public void Set(string key, bool value) => _values[key] = value;

    /// <summary>Stores a string (or null).</summary>
    public void Set(string key, string? value) => _values[key] = value;

    /// <summary>Stores a model snapshot (or null).</summary>
    public void SetSnapshot(string key, IModelSnapshot? snapshot) => _snapshots[key] = snapshot;

    /// <summary>True when <paramref name="key"/> was stored (as a value or a snapshot).</summary>
    public bool Has(string key) => _values.ContainsKey(key) || _snapshots.ContainsKey(key);

    /// <summary>Reads a number.</summary>
    public double GetDouble(string key) => double.Parse(Get(key).GetValue<string>(), CultureInfo.InvariantCulture);

    /// <summary>Reads an integer.</summary>
    public long GetInt64(string key) => Get(key).GetValue<long>();

    /// <summary>Reads a 32-bit integer.</summary>
    public int GetInt32(string key) => checked((int)GetInt64(key));

    /// <summary>Reads a flag.</summary>
    public bool GetBoolean(string key) => Get(key).GetValue<bool>();

    /// <summary>Reads a string (or null).</summary>
    public string? GetString(string key) =>
        _values.TryGetPropertyValue(key, out var node) ? node?.GetValue<string>() : throw Missing(key);

    /// <summary>Reads a snapshot (or null).</summary>
    public IModelSnapshot? GetSnapshot(string key) => _snapshots.TryGetValue(key, out var s) ? s : throw Missing(key);

    private JsonNode Get(string key) =>
        _values.TryGetPropertyValue(key, out var node) && node is not null ? node : throw Missing(key);

    private static CheckpointException Missing(string key) => new($"The checkpoint lacks the callback state entry '{key}'.");
}
