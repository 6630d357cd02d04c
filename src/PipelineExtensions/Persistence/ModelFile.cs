using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using PipelineExtensions.Data;
using PipelineExtensions.IO;
using PipelineExtensions.Pipeline;

namespace PipelineExtensions.Persistence;

/// <summary>
/// Saves and loads fitted transformers (a whole chain, a trained model) as one file: a zip holding a JSON
/// manifest (format name and version, component tree, input schema) and the binary arrays. Writes are atomic;
/// loads of corrupt, truncated or foreign files fail with <see cref="ModelFormatException"/>.
/// </summary>
public static class ModelFile
{
    /// <summary>The format name written into every manifest.</summary>
    public const string FormatName = "pipex-model";

    /// <summary>The current container format version.</summary>
    public const int FormatVersion = 1;

    private const string ManifestEntry = "manifest.json";

    /// <summary>Saves <paramref name="model"/> and the schema it expects as input to <paramref name="path"/>.</summary>
    public static void Save(ITransformer model, DataSchema inputSchema, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputSchema);
        AtomicFile.Write(path, stream => Save(model, inputSchema, stream));
    }

    /// <summary>Saves <paramref name="model"/> to a writable stream.</summary>
    public static void Save(ITransformer model, DataSchema inputSchema, Stream stream)
    {
        using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        int blobs = 0;
        var root = new ModelSaveContext(archive, () => blobs++, model);
        model.Save(root);
        var manifest = new JsonObject
        {
            ["format"] = FormatName,
            ["formatVersion"] = FormatVersion,
            ["library"] = typeof(ModelFile).Assembly.GetName().Version?.ToString(),
            ["inputSchema"] = SchemaJson.ToJson(inputSchema),
            ["root"] = root.Node,
        };
        var entry = archive.CreateEntry(ManifestEntry, CompressionLevel.Optimal);
        using var manifestStream = entry.Open();
        using var writer = new Utf8JsonWriter(manifestStream, new JsonWriterOptions { Indented = true });
        manifest.WriteTo(writer);
    }

    /// <summary>Loads a model saved by <see cref="Save(ITransformer, DataSchema, string)"/>.</summary>
    /// <param name="path">The model file.</param>
    /// <param name="inputSchema">The schema the model expects as input.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFormatException">The file is corrupt, truncated, foreign or too new; the message names the file and the problem.</exception>
    public static ITransformer Load(string path, out DataSchema inputSchema)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
        using var stream = File.OpenRead(path);
        return Load(stream, out inputSchema, path);
    }

    /// <summary>Loads a model from a readable, seekable stream; <paramref name="sourceName"/> appears in error messages.</summary>
    public static ITransformer Load(Stream stream, out DataSchema inputSchema, string sourceName = "model stream")
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new ModelFormatException($"{sourceName} is not a PipelineExtensions model file (not a readable zip: {e.Message}).", e);
        }
        using (archive)
        {
            var manifest = ReadManifest(archive, sourceName);
            var format = manifest["format"]?.GetValue<string>();
            if (format != FormatName)
                throw new ModelFormatException($"{sourceName} is not a PipelineExtensions model file (format '{format ?? "(none)"}').");
            int version = manifest["formatVersion"]?.GetValue<int>() ?? 0;
            if (version < 1 || version > FormatVersion)
                throw new ModelFormatException($"{sourceName} uses model format version {version}; this library reads versions 1..{FormatVersion}.");
            try
            {
                inputSchema = SchemaJson.SchemaFromJson(manifest["inputSchema"]);
            }
            catch (FormatException e)
            {
                throw new ModelFormatException($"{sourceName}: the input schema is malformed: {e.Message}", e);
            }
            if (manifest["root"] is not JsonObject root)
                throw new ModelFormatException($"{sourceName}: the manifest has no root component.");
            LoadAssemblyNamedBy(root);
            var loaded = ModelComponentRegistry.Load(new ModelLoadContext(archive, root, sourceName));
            return loaded as ITransformer ?? throw new ModelFormatException($"{sourceName}: the root component is a {loaded.GetType().Name}, not a transformer.");
        }
    }

    private static JsonObject ReadManifest(ZipArchive archive, string sourceName)
    {
        var entry = archive.GetEntry(ManifestEntry)
            ?? throw new ModelFormatException($"{sourceName} is not a PipelineExtensions model file (no {ManifestEntry}).");
        try
        {
            using var s = entry.Open();
            return JsonNode.Parse(s) as JsonObject ?? throw new ModelFormatException($"{sourceName}: {ManifestEntry} is not a JSON object.");
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            throw new ModelFormatException($"{sourceName}: {ManifestEntry} is damaged ({e.Message}).", e);
        }
    }

    // The manifest names each component's assembly; make sure the root's assembly is loaded so its
    // components can be found (children in other assemblies are loaded by their parents' references).
    private static void LoadAssemblyNamedBy(JsonObject node)
    {
        if (node["assembly"]?.GetValue<string>() is not { Length: > 0 } name)
            return;
        try
        {
            Assembly.Load(new AssemblyName(name));
        }
        catch (IOException)
        {
            // Not available here: the registry reports the unknown component with advice.
        }
        foreach (var child in (node["children"] as JsonObject ?? []).Select(c => c.Value).OfType<JsonObject>())
            LoadAssemblyNamedBy(child);
    }
}
