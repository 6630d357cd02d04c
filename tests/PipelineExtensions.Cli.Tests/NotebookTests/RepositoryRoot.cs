namespace PipelineExtensions.Cli.Tests.NotebookTests;

/// <summary>Finds the repository root (the folder holding PipelineExtensions.sln) from the test's output folder upwards.</summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    /// <summary>The repository root.</summary>
    public static string Path => Root.Value;

    /// <summary>The notebooks folder.</summary>
    public static string Notebooks => System.IO.Path.Combine(Path, "notebooks");

    /// <summary>The notebook files, by name.</summary>
    public static string[] NotebookFiles() =>
        Directory.GetFiles(Notebooks, "*.ipynb").OrderBy(f => f, StringComparer.Ordinal).ToArray();

    private static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "PipelineExtensions.sln")) && Directory.Exists(System.IO.Path.Combine(dir.FullName, "notebooks")))
                    return dir.FullName;
        throw new DirectoryNotFoundException($"No folder holding PipelineExtensions.sln and notebooks/ above {AppContext.BaseDirectory} or {Directory.GetCurrentDirectory()}.");
    }
}
