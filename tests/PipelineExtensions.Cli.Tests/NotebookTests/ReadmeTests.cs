using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace PipelineExtensions.Cli.Tests.NotebookTests;

/// <summary>
/// The README's C# blocks run in order, as one notebook would (one script state, block after block), so the README
/// never shows code that does not compile or work. They run in a scratch folder holding a copy of samples/, so the
/// files they write (model.zip, diagnosis.json) do not land in the repository.
/// </summary>
[Collection(NotebookCollection.Name)]
public partial class ReadmeTests(ITestOutputHelper output)
{
    // The packages a README reader would reference, and the implicit usings of a console project (the README's
    // blocks carry only their own using directives).
    private const string Preamble = """
        #r "nuget: PipelineExtensions"
        #r "nuget: PipelineExtensions.Neural"
        #r "nuget: PipelineExtensions.AutoML"
        #r "nuget: pipex"
        using System.IO;
        using System.Threading;
        """;

    [GeneratedRegex(@"^```csharp[ \t]*\r?\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [Fact]
    public async Task Every_csharp_block_of_the_README_runs_in_order()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var blocks = CSharpBlock().Matches(readme).Select(m => m.Groups[1].Value).ToList();
        Assert.True(blocks.Count >= 5, $"expected the README's C# examples, found {blocks.Count} blocks");

        string scratch = Directory.CreateTempSubdirectory("pipex-readme-").FullName;
        try
        {
            CopyFolder(Path.Combine(RepositoryRoot.Path, "samples"), Path.Combine(scratch, "samples"));
            var notebook = Notebook.FromCodeBlocks("README.md", [Preamble, .. blocks]);
            var run = await NotebookRunner.RunAsync(notebook, scratch, output.WriteLine);
            output.WriteLine($"README: {blocks.Count} C# blocks in {run.Elapsed.TotalSeconds:F1} s");
            Assert.Equal(blocks.Count + 1, run.Timings.Count);
            Assert.True(File.Exists(Path.Combine(scratch, "model.zip")), "the pipeline example saves model.zip");
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (string dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(dir.Replace(from, to, StringComparison.Ordinal));
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
    }
}
