using System.IO.Compression;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using PipelineExtensions.Data;
using PipelineExtensions.Pipeline;

namespace PipelineExtensions.Persistence;

/// <summary>
/// What a component writes when it is saved: named properties (JSON: strings, numbers, flags, small arrays)
/// and named binary arrays (stored raw, little-endian, with a SHA-256 checked on load), plus child components.
/// </summary>
public sealed class ModelSaveContext
{
    private readonly ZipArchive _archive;
    private readonly Func<int> _nextBlobId;
    private readonly JsonObject _properties = new();
    private readonly JsonObject _arrays = new();
    private readonly JsonObject _children = new();

    internal ModelSaveContext(ZipArchive archive, Func<int> nextBlobId, object component)
    {
        _archive = archive;
        _nextBlobId = nextBlobId;
        var attribute = ModelComponentRegistry.AttributeOf(component.GetType());
        Node = new JsonObject
        {
            ["component"] = attribute.Id,
            ["version"] = attribute.Version,
            ["assembly"] = component.GetType().Assembly.GetName().Name,
            ["properties"] = _properties,
            ["arrays"] = _arrays,
            ["children"] = _children,
        };
    }

    internal JsonObject Node { get; }

    /// <summary>Stores a string property.</summary>
    public void Set(string key, string? value) => _properties[key] = value;

    /// <summary>Stores a number property (doubles round-trip exactly).</summary>
    public void Set(string key, double value) => _properties[key] = FiniteOrString(value);

    /// <summary>Stores an integer property.</summary>
    public void Set(string key, long value) => _properties[key] = value;

    /// <summary>Stores a flag.</summary>
    public void Set(string key, bool value) => _properties[key] = value;

    /// <summary>Stores a list of strings (e.g. class names, column names).</summary>
    public void Set(string key, IEnumerable<string> values) =>
        _properties[key] = new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    /// <summary>Stores a small list of numbers in the JSON manifest (use <see cref="WriteArray(string, ReadOnlySpan{double})"/> for large ones).</summary>
    public void Set(string key, IEnumerable<double> values) =>
        _properties[key] = new JsonArray(values.Select(FiniteOrString).ToArray());

    /// <summary>Stores any JSON value (for structured options).</summary>
    public void SetJson(string key, JsonNode? value) => _properties[key] = value?.DeepClone();

    /// <summary>Stores a schema (e.g. the input schema a transformer expects).</summary>
    public void Set(string key, DataSchema schema) => _properties[key] = SchemaJson.ToJson(schema);

    /// <summary>Writes a float32 array as a binary entry.</summary>
    public void WriteArray(string name, ReadOnlySpan<float> values) => WriteBlob(name, "f32", values.Length, MemoryMarshal.AsBytes(values));

    /// <summary>Writes a float64 array as a binary entry.</summary>
    public void WriteArray(string name, ReadOnlySpan<double> values) => WriteBlob(name, "f64", values.Length, MemoryMarshal.AsBytes(values));

    /// <summary>Writes an int32 array as a binary entry.</summary>
    public void WriteArray(string name, ReadOnlySpan<int> values) => WriteBlob(name, "i32", values.Length, MemoryMarshal.AsBytes(values));

    /// <summary>Writes a byte array as a binary entry.</summary>
    public void WriteArray(string name, ReadOnlySpan<byte> values) => WriteBlob(name, "u8", values.Length, values);

    /// <summary>Saves <paramref name="child"/> (a transformer or another component) under <paramref name="name"/>.</summary>
    public void SaveChild(string name, ITransformer child) => SaveChildComponent(name, child, child.Save);

    /// <summary>Saves any component with a <see cref="ModelComponentAttribute"/> and its own save callback.</summary>
    public void SaveChildComponent(string name, object component, Action<ModelSaveContext> save)
    {
        ArgumentNullException.ThrowIfNull(component);
        if (_children.ContainsKey(name))
            throw new ArgumentException($"Child '{name}' was saved twice.", nameof(name));
        var context = new ModelSaveContext(_archive, _nextBlobId, component);
        save(context);
        _children[name] = context.Node;
    }

    private void WriteBlob(string name, string dtype, int length, ReadOnlySpan<byte> bytes)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Model files are little-endian; big-endian machines are not supported.");
        if (_arrays.ContainsKey(name))
            throw new ArgumentException($"Array '{name}' was written twice.", nameof(name));
        string entryName = $"arrays/{_nextBlobId()}.bin";
        var entry = _archive.CreateEntry(entryName, bytes.Length > 4096 ? CompressionLevel.Fastest : CompressionLevel.NoCompression);
        using (var stream = entry.Open())
            stream.Write(bytes);
        _arrays[name] = new JsonObject
        {
            ["entry"] = entryName,
            ["dtype"] = dtype,
            ["length"] = length,
            ["sha256"] = Convert.ToHexString(SHA256.HashData(bytes)),
        };
    }

    private static JsonNode FiniteOrString(double value) =>
        double.IsFinite(value) ? JsonValue.Create(value) : JsonValue.Create(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
