using System.Globalization;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using PipelineExtensions.Data;
using PipelineExtensions.Pipeline;

namespace PipelineExtensions.Persistence;

/// <summary>
/// What a component reads when it is loaded: the properties and arrays that its save wrote. Missing or
/// malformed entries raise <see cref="ModelFormatException"/> naming the component and the entry.
/// </summary>
public sealed class ModelLoadContext
{
    private readonly ZipArchive _archive;
    private readonly JsonObject _node;
    private readonly string _path;

    internal ModelLoadContext(ZipArchive archive, JsonObject node, string path)
    {
        _archive = archive;
        _node = node;
        _path = path;
        ComponentId = node["component"]?.GetValue<string>() ?? throw new ModelFormatException($"{path}: a component lacks its id.");
        Version = node["version"]?.GetValue<int>() ?? 1;
    }

    /// <summary>The id of the component being loaded.</summary>
    public string ComponentId { get; }

    /// <summary>The component's format version as written in the file.</summary>
    public int Version { get; }

    private JsonObject Properties => _node["properties"] as JsonObject ?? new JsonObject();

    /// <summary>True when the property exists.</summary>
    public bool Has(string key) => Properties.ContainsKey(key);

    /// <summary>Reads a string property.</summary>
    public string GetString(string key) => Get(key, n => n.GetValue<string>());

    /// <summary>Reads a nullable string property.</summary>
    public string? GetNullableString(string key) => Properties[key] is null ? null : GetString(key);

    /// <summary>Reads a number property.</summary>
    public double GetDouble(string key) => Get(key, ReadDouble);

    /// <summary>Reads an integer property.</summary>
    public long GetInt64(string key) => Get(key, n => n.GetValue<long>());

    /// <summary>Reads a 32-bit integer property.</summary>
    public int GetInt32(string key) => Get(key, n => checked((int)n.GetValue<long>()));

    /// <summary>Reads a flag.</summary>
    public bool GetBoolean(string key) => Get(key, n => n.GetValue<bool>());

    /// <summary>Reads a list of strings.</summary>
    public string[] GetStrings(string key) => Get(key, n => n.AsArray().Select(v => v!.GetValue<string>()).ToArray());

    /// <summary>Reads a small list of numbers.</summary>
    public double[] GetDoubles(string key) => Get(key, n => n.AsArray().Select(v => ReadDouble(v!)).ToArray());

    /// <summary>Reads a JSON property as stored.</summary>
    public JsonNode? GetJson(string key) => Properties[key]?.DeepClone();

    /// <summary>Reads a schema property.</summary>
    public DataSchema GetSchema(string key) => Get(key, SchemaJson.SchemaFromJson);

    /// <summary>Reads a float32 array.</summary>
    public float[] ReadSingleArray(string name) => ReadBlob<float>(name, "f32");

    /// <summary>Reads a float64 array.</summary>
    public double[] ReadDoubleArray(string name) => ReadBlob<double>(name, "f64");

    /// <summary>Reads an int32 array.</summary>
    public int[] ReadInt32Array(string name) => ReadBlob<int>(name, "i32");

    /// <summary>Reads a byte array.</summary>
    public byte[] ReadByteArray(string name) => ReadBlob<byte>(name, "u8");

    /// <summary>Loads the transformer saved under <paramref name="name"/>.</summary>
    public ITransformer LoadChild(string name) =>
        LoadChildComponent(name) as ITransformer ?? throw Corrupt($"child '{name}' that is not a transformer");

    /// <summary>Loads any component saved under <paramref name="name"/>.</summary>
    public object LoadChildComponent(string name)
    {
        if ((_node["children"] as JsonObject)?[name] is not JsonObject child)
            throw Corrupt($"a missing child component '{name}'");
        return ModelComponentRegistry.Load(new ModelLoadContext(_archive, child, _path));
    }

    /// <summary>An exception saying the file is corrupt, naming the component and what was found.</summary>
    public ModelFormatException Corrupt(string what) =>
        new($"{_path}: component '{ComponentId}' has {what}; the model file is corrupt or was written by an incompatible version.");

    private T Get<T>(string key, Func<JsonNode, T> read)
    {
        var node = Properties[key] ?? throw Corrupt($"no property '{key}'");
        try
        {
            return read(node);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException or NullReferenceException)
        {
            throw new ModelFormatException($"{_path}: component '{ComponentId}', property '{key}' is malformed: {e.Message}", e);
        }
    }

    private static double ReadDouble(JsonNode node) =>
        node.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? double.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture)
            : node.GetValue<double>();

    private T[] ReadBlob<T>(string name, string dtype) where T : unmanaged
    {
        if ((_node["arrays"] as JsonObject)?[name] is not JsonObject info)
            throw Corrupt($"no array '{name}'");
        string entryName = info["entry"]?.GetValue<string>() ?? throw Corrupt($"array '{name}' without an entry");
        string actualType = info["dtype"]?.GetValue<string>() ?? "";
        if (actualType != dtype)
            throw Corrupt($"array '{name}' of type {actualType}, expected {dtype}");
        long length = info["length"]?.GetValue<long>() ?? -1;
        if (length < 0 || length > Array.MaxLength)
            throw Corrupt($"array '{name}' with length {length}");
        var entry = _archive.GetEntry(entryName) ?? throw Corrupt($"array '{name}' whose entry '{entryName}' is missing");
        var result = new T[length];
        var bytes = MemoryMarshal.AsBytes(result.AsSpan());
        try
        {
            using var stream = entry.Open();
            stream.ReadExactly(bytes);
            if (stream.ReadByte() != -1)
                throw Corrupt($"array '{name}' longer than its declared {length} elements");
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
        {
            throw new ModelFormatException($"{_path}: array '{name}' of component '{ComponentId}' is truncated or damaged ({e.Message}).", e);
        }
        string expected = info["sha256"]?.GetValue<string>() ?? "";
        if (!string.Equals(Convert.ToHexString(SHA256.HashData(bytes)), expected, StringComparison.OrdinalIgnoreCase))
            throw Corrupt($"array '{name}' whose checksum does not match");
        return result;
    }
}
