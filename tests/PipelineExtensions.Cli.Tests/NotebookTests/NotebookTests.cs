using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace PipelineExtensions.Cli.Tests.NotebookTests;

/// <summary>Notebook runs change the process's working directory, so they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotebookCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Notebooks";
}

/// <summary>
/// Every notebook in notebooks/ runs, code cell after code cell, as the .NET Interactive C# kernel would run it
/// (<see cref="NotebookRunner"/>), so the notebooks never rot; and every notebook is a valid nbformat-4 file in the
/// form Polyglot Notebooks writes, with no stored outputs.
/// </summary>
[Collection(NotebookCollection.Name)]
public class NotebookTests(ITestOutputHelper output)
{
    /// <summary>The notebooks, by file name.</summary>
    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var file in RepositoryRoot.NotebookFiles())
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Fact]
    public void The_four_teaching_notebooks_are_there()
    {
        var names = RepositoryRoot.NotebookFiles().Select(Path.GetFileName).ToArray();
        Assert.Contains(names, n => n!.StartsWith("01-", StringComparison.Ordinal));
        Assert.Contains(names, n => n!.StartsWith("02-", StringComparison.Ordinal));
        Assert.Contains(names, n => n!.StartsWith("03-", StringComparison.Ordinal));
        Assert.Contains(names, n => n!.StartsWith("04-", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Every_code_cell_runs_in_order_without_error(string name)
    {
        var notebook = Notebook.Load(Path.Combine(RepositoryRoot.Notebooks, name));
        var run = await NotebookRunner.RunAsync(notebook, RepositoryRoot.Path, output.WriteLine);
        output.WriteLine($"{name}: {run.Timings.Count} code cells in {run.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(notebook.CodeCells.Count(), run.Timings.Count);
        // A teaching notebook shows its results.
        Assert.NotEmpty(run.Globals.Displayed);
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Is_a_valid_nbformat_4_notebook_as_polyglot_writes_it_with_no_outputs(string name)
    {
        var notebook = Notebook.Load(Path.Combine(RepositoryRoot.Notebooks, name));
        var root = notebook.Root;
        Assert.Equal(4, root["nbformat"]!.GetValue<int>());
        Assert.True(root["nbformat_minor"]!.GetValue<int>() >= 0);
        var metadata = Assert.IsType<JsonObject>(root["metadata"]);
        Assert.Equal(".net-csharp", (string?)metadata["kernelspec"]?["name"]);
        Assert.Equal("C#", (string?)metadata["kernelspec"]?["language"]);
        Assert.Equal("C#", (string?)metadata["language_info"]?["name"]);
        Assert.Equal("csharp", (string?)metadata["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"]);
        Assert.Contains(notebook.Cells, c => c.Kind == "markdown");
        Assert.Contains(notebook.Cells, c => c.Kind == "code");
        foreach (var (cell, json) in notebook.Cells.Zip(root["cells"]!.AsArray()))
        {
            Assert.True(cell.Kind is "code" or "markdown", $"{name}, cell {cell.Index}: cell_type '{cell.Kind}'");
            Assert.IsType<JsonObject>(json!["metadata"]);
            Assert.False(string.IsNullOrWhiteSpace(cell.Source), $"{name}, cell {cell.Index} is empty");
            if (cell.Kind != "code")
                continue;
            Assert.Equal("csharp", (string?)json["metadata"]?["dotnet_interactive"]?["language"]);
            Assert.Equal("csharp", (string?)json["metadata"]?["polyglot_notebook"]?["kernelName"]);
            Assert.Empty(Assert.IsType<JsonArray>(json["outputs"]));
            Assert.Null(json["execution_count"]);
        }
    }

    // The harness itself: errors name the notebook and the cell; state flows between cells; magic lines as the kernel.

    private static Notebook Temporary(params string[] codeCells)
    {
        string path = Path.Combine(Path.GetTempPath(), $"pipex-notebook-{Guid.NewGuid():N}.ipynb");
        var cells = new JsonArray(new JsonObject { ["cell_type"] = "markdown", ["metadata"] = new JsonObject(), ["source"] = "# A test" });
        foreach (var code in codeCells)
            cells.Add(new JsonObject
            {
                ["cell_type"] = "code",
                ["execution_count"] = null,
                ["metadata"] = new JsonObject { ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" } },
                ["outputs"] = new JsonArray(),
                ["source"] = new JsonArray(code.Split('\n').Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
            });
        // Lines as Polyglot stores them: each but the last keeps its "\n".
        foreach (var cell in cells.Skip(1))
        {
            var lines = cell!["source"]!.AsArray();
            for (int i = 0; i < lines.Count - 1; i++)
                lines[i] = lines[i]!.GetValue<string>() + "\n";
        }
        var root = new JsonObject
        {
            ["cells"] = cells,
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = ".net-csharp", ["language"] = "C#" } },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 2,
        };
        File.WriteAllText(path, root.ToJsonString());
        try
        {
            return Notebook.Load(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task State_flows_from_cell_to_cell_and_local_packages_resolve_as_the_kernel_resolves_them()
    {
        var notebook = Temporary(
            "#!csharp\n#i \"nuget: ../artifacts/packages\"\n#r \"nuget: PipelineExtensions.Neural, *-*\"\nusing PipelineExtensions;\nvar ctx = new PipelineContext(seed: 1);\nint rows = 0;",
            "using PipelineExtensions.Data.Samples;\nrows = SampleData.ImbalancedTabular().RowCount;\ndisplay(HTML($\"<b>{rows}</b>\"));",
            "rows * 2");
        var run = await NotebookRunner.RunAsync(notebook, RepositoryRoot.Path);
        Assert.Equal(3, run.Timings.Count);
        Assert.Equal(2, run.Globals.Displayed.Count);
        Assert.Equal("<b>4000</b>", run.Globals.Displayed[0].Value!.ToString());
        Assert.Equal(2, run.Globals.Displayed[0].Cell);
        Assert.Equal(8000, run.Globals.Displayed[1].Value);
    }

    [Fact]
    public async Task A_cell_that_does_not_compile_fails_the_run_naming_the_notebook_and_the_cell()
    {
        var notebook = Temporary("int x = 1;", "int y = x + undefinedName;", "throw new Exception(\"never reached\");");
        var e = await Assert.ThrowsAsync<NotebookCellException>(() => NotebookRunner.RunAsync(notebook, RepositoryRoot.Path));
        Assert.Equal(2, e.CellIndex);
        Assert.Contains(notebook.Name, e.Message);
        Assert.Contains("cell 2", e.Message);
        Assert.Contains("undefinedName", e.Message);
    }

    [Fact]
    public async Task A_cell_that_throws_fails_the_run_naming_the_notebook_the_cell_and_the_error()
    {
        var notebook = Temporary("int x = 1;", "x += 1;", "if (x == 2) throw new InvalidOperationException(\"broken on purpose\");");
        var e = await Assert.ThrowsAsync<NotebookCellException>(() => NotebookRunner.RunAsync(notebook, RepositoryRoot.Path));
        Assert.Equal(3, e.CellIndex);
        Assert.Contains("InvalidOperationException", e.Message);
        Assert.Contains("broken on purpose", e.Message);
    }

    [Theory]
    [InlineData("#!fsharp\nlet x = 1")]
    [InlineData("#r \"nuget: Newtonsoft.Json, 13.0.1\"")]
    [InlineData("#r \"../some/Library.dll\"")]
    public async Task A_magic_line_the_harness_does_not_handle_is_refused_by_name(string source)
    {
        var notebook = Temporary("int x = 1;", source);
        var e = await Assert.ThrowsAsync<NotebookCellException>(() => NotebookRunner.RunAsync(notebook, RepositoryRoot.Path));
        Assert.Equal(2, e.CellIndex);
        Assert.Contains(source.Split('\n')[0].Trim(), e.Message);
    }

    [Fact]
    public async Task A_run_has_its_own_temp_folder_and_working_directory_and_leaves_neither_changed()
    {
        string temp = Path.GetTempPath(), cwd = Directory.GetCurrentDirectory();
        var notebook = Temporary(
            "using System.IO;\nstring file = Path.Combine(Path.GetTempPath(), \"written-by-a-notebook.txt\");\nFile.WriteAllText(file, \"x\");",
            "(file, Directory.GetCurrentDirectory())");
        var run = await NotebookRunner.RunAsync(notebook, RepositoryRoot.Path);
        var (file, workingDirectory) = ((string, string))run.Globals.Displayed.Single().Value!;
        Assert.Equal(RepositoryRoot.Path, workingDirectory);
        Assert.False(file.StartsWith(Path.Combine(temp, "written"), StringComparison.Ordinal), file);
        Assert.False(File.Exists(file), $"{file} was left behind");
        Assert.Equal(temp, Path.GetTempPath());
        Assert.Equal(cwd, Directory.GetCurrentDirectory());
    }

    [Fact]
    public async Task Library_types_are_unknown_until_a_cell_references_the_package()
    {
        var notebook = Temporary("var ctx = new PipelineExtensions.PipelineContext(seed: 1);");
        var e = await Assert.ThrowsAsync<NotebookCellException>(() => NotebookRunner.RunAsync(notebook, RepositoryRoot.Path));
        Assert.True(e.Message.Contains("CS0246", StringComparison.Ordinal), e.Message);
    }
}
