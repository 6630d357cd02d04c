using System.Text.Json;
using System.Text.Json.Nodes;

namespace PipelineExtensions.Cli.Tests.NotebookTests;

/// <summary>One cell of a notebook: its index in the notebook's <c>cells</c> array, its kind, kernel language and source.</summary>
internal sealed record NotebookCell(int Index, string Kind, string? Language, string Source);

/// <summary>
/// A Jupyter notebook (nbformat 4) as .NET Interactive / Polyglot Notebooks writes it: the notebook's default kernel
/// from <c>metadata.polyglot_notebook.kernelInfo.defaultKernelName</c> (or the kernelspec), and each code cell's kernel
/// from <c>metadata.dotnet_interactive.language</c> (or <c>metadata.polyglot_notebook.kernelName</c>).
/// </summary>
internal sealed class Notebook
{
    private Notebook(string path, JsonObject root, IReadOnlyList<NotebookCell> cells)
    {
        Path = path;
        Root = root;
        Cells = cells;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The file name, for messages.</summary>
    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>The parsed JSON.</summary>
    public JsonObject Root { get; }

    /// <summary>Every cell, in order.</summary>
    public IReadOnlyList<NotebookCell> Cells { get; }

    /// <summary>The code cells, in order.</summary>
    public IEnumerable<NotebookCell> CodeCells => Cells.Where(c => c.Kind == "code");

    /// <summary>
    /// A notebook made of C# code blocks (for instance a Markdown file's <c>```csharp</c> blocks), one code cell each, in
    /// order; <paramref name="name"/> names it in messages.
    /// </summary>
    public static Notebook FromCodeBlocks(string name, IEnumerable<string> blocks) =>
        new(name, new JsonObject(), blocks.Select((code, i) => new NotebookCell(i, "code", "csharp", code)).ToArray());

    /// <summary>Reads a notebook; a file that is not nbformat-4 JSON with a cell list throws <see cref="FormatException"/> naming the file and the problem.</summary>
    public static Notebook Load(string path)
    {
        string name = System.IO.Path.GetFileName(path);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new FormatException($"{name}: not valid JSON ({e.Message}).", e);
        }
        if (node is not JsonObject root)
            throw new FormatException($"{name}: the top level is not a JSON object.");
        if (root["nbformat"]?.GetValueKind() != JsonValueKind.Number || root["nbformat"]!.GetValue<int>() != 4)
            throw new FormatException($"{name}: nbformat is {root["nbformat"]?.ToJsonString() ?? "missing"}, expected 4.");
        if (root["cells"] is not JsonArray cells)
            throw new FormatException($"{name}: no 'cells' array.");
        string? defaultLanguage = (string?)root["metadata"]?["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"]
            ?? ((string?)root["metadata"]?["kernelspec"]?["name"] == ".net-csharp" ? "csharp" : null);
        var list = new List<NotebookCell>();
        for (int i = 0; i < cells.Count; i++)
        {
            if (cells[i] is not JsonObject cell || (string?)cell["cell_type"] is not { } kind)
                throw new FormatException($"{name}: cell {i} has no cell_type.");
            string? language = (string?)cell["metadata"]?["dotnet_interactive"]?["language"]
                ?? (string?)cell["metadata"]?["polyglot_notebook"]?["kernelName"]
                ?? defaultLanguage;
            list.Add(new NotebookCell(i, kind, language, SourceOf(cell["source"], name, i)));
        }
        return new Notebook(path, root, list);
    }

    // nbformat allows the source as one string or as a list of lines (each keeping its "\n").
    private static string SourceOf(JsonNode? source, string name, int index) => source switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValueKind() == JsonValueKind.String
            ? l.GetValue<string>()
            : throw new FormatException($"{name}: cell {index} has a source line that is not a string."))),
        _ => throw new FormatException($"{name}: cell {index} has no source (a string or a list of strings)."),
    };
}
