using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace PipelineExtensions.Cli.Tests.NotebookTests;

/// <summary>The time one code cell took.</summary>
public sealed record CellTiming(int Cell, TimeSpan Elapsed);

/// <summary>What a notebook run left: the globals (what was displayed) and each code cell's time.</summary>
public sealed record NotebookRun(NotebookGlobals Globals, IReadOnlyList<CellTiming> Timings)
{
    /// <summary>The whole run's time.</summary>
    public TimeSpan Elapsed => Timings.Aggregate(TimeSpan.Zero, (sum, t) => sum + t.Elapsed);
}

/// <summary>
/// Runs a notebook's code cells in order the way the .NET Interactive C# kernel does: one Roslyn script state,
/// continued cell after cell (<c>CSharpScript.RunAsync</c>, then <c>ScriptState.ContinueWithAsync</c>),
/// the kernel's default imports, every framework assembly referenced, <c>display</c>/<c>HTML</c> from
/// <see cref="NotebookGlobals"/>, magic lines handled by <see cref="KernelDirectives"/>, and a cell that ends in an
/// expression displaying its value. The working directory is the given folder during the run, and the temp folder
/// (<c>Path.GetTempPath()</c>) a fresh one that is deleted afterwards, so what the notebooks write there does not pile up
/// and runs in parallel processes never share a file.
/// </summary>
internal static class NotebookRunner
{
    /// <summary>The namespaces the .NET Interactive C# kernel imports into every submission.</summary>
    public static readonly string[] KernelImports =
        ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq"];

    // Where Path.GetTempPath() looks: TMPDIR on Unix, TMP/TEMP on Windows.
    private static readonly string[] TempVariables = ["TMPDIR", "TMP", "TEMP"];

    private static readonly Lazy<ImmutableArray<MetadataReference>> Framework = new(() =>
    {
        string folder = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var references = ImmutableArray.CreateBuilder<MetadataReference>();
        foreach (string file in Directory.GetFiles(folder, "*.dll").Order(StringComparer.Ordinal))
        {
            try
            {
                AssemblyName.GetAssemblyName(file);
            }
            catch (BadImageFormatException)
            {
                continue; // a native library
            }
            references.Add(MetadataReference.CreateFromFile(file));
        }
        return references.ToImmutable();
    });

    /// <summary>Runs every C# code cell of <paramref name="notebook"/> in order.</summary>
    /// <exception cref="NotebookCellException">A cell did not compile, threw, or is not C#.</exception>
    public static async Task<NotebookRun> RunAsync(Notebook notebook, string workingDirectory, Action<string>? log = null)
    {
        var globals = new NotebookGlobals { Log = log };
        var timings = new List<CellTiming>();
        var options = ScriptOptions.Default
            .WithReferences(Framework.Value)
            .WithImports(KernelImports)
            .WithOptimizationLevel(OptimizationLevel.Release)
            .WithEmitDebugInformation(false);
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        ScriptState<object>? state = null;
        string previous = Directory.GetCurrentDirectory();
        var temp = Directory.CreateTempSubdirectory("pipex-notebook-run-");
        var previousTemp = TempVariables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
        Directory.SetCurrentDirectory(workingDirectory);
        foreach (var variable in TempVariables)
            Environment.SetEnvironmentVariable(variable, temp.FullName);
        try
        {
            foreach (var cell in notebook.CodeCells)
            {
                if (!string.Equals(cell.Language, "csharp", StringComparison.OrdinalIgnoreCase))
                    throw new NotebookCellException(notebook.Name, cell.Index, $"the cell's kernel is '{cell.Language ?? "(none)"}'; the notebooks are C# (dotnet_interactive language 'csharp').");
                string code;
                IReadOnlyList<Assembly> added;
                try
                {
                    (code, added) = KernelDirectives.Process(cell.Source);
                }
                catch (NotSupportedException e)
                {
                    throw new NotebookCellException(notebook.Name, cell.Index, e.Message, e);
                }
                var newReferences = added.SelectMany(WithDependencies).Where(a => referenced.Add(a.Location)).ToArray();
                if (newReferences.Length > 0)
                    options = options.AddReferences(newReferences.Select(a => MetadataReference.CreateFromFile(a.Location)));
                var cellOptions = options.WithFilePath($"{notebook.Name}#cell{cell.Index}");
                globals.CurrentCell = cell.Index;
                var clock = Stopwatch.StartNew();
                try
                {
                    state = state is null
                        ? await CSharpScript.RunAsync(code, cellOptions, globals, typeof(NotebookGlobals))
                        : await state.ContinueWithAsync(code, cellOptions);
                }
                catch (CompilationErrorException e)
                {
                    throw new NotebookCellException(notebook.Name, cell.Index,
                        $"does not compile ({FirstLine(code)}):\n  " + string.Join("\n  ", e.Diagnostics.Select(d => d.ToString())), e);
                }
                catch (Exception e)
                {
                    throw new NotebookCellException(notebook.Name, cell.Index, $"threw {e.GetType().Name} ({FirstLine(code)}): {e.Message}", e);
                }
                clock.Stop();
                if (state.ReturnValue is { } value)
                    globals.Record(cell.Index, value);
                timings.Add(new CellTiming(cell.Index, clock.Elapsed));
                log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"{notebook.Name} cell {cell.Index}: {clock.Elapsed.TotalSeconds:F2} s ({FirstLine(code)})"));
            }
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
            foreach (var (variable, value) in previousTemp)
                Environment.SetEnvironmentVariable(variable, value);
            try
            {
                temp.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A file still open (e.g. a pooled SQLite connection on Windows) stays behind in the temp folder.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return new NotebookRun(globals, timings);
    }

    // A package brings its dependencies, as NuGet would: the assembly and what it references outside the framework.
    private static IEnumerable<Assembly> WithDependencies(Assembly root)
    {
        string framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>([root]);
        while (pending.TryPop(out var assembly))
        {
            if (!seen.Add(assembly.FullName!) || string.Equals(Path.GetDirectoryName(assembly.Location), framework, StringComparison.Ordinal))
                continue;
            yield return assembly;
            foreach (var name in assembly.GetReferencedAssemblies())
            {
                Assembly? dependency;
                try
                {
                    dependency = Assembly.Load(name);
                }
                catch (FileNotFoundException)
                {
                    continue; // referenced but never loaded at run time (e.g. an optional dependency)
                }
                if (!string.IsNullOrEmpty(dependency.Location))
                    pending.Push(dependency);
            }
        }
    }

    private static string FirstLine(string code) =>
        code.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith("//", StringComparison.Ordinal)) is { } line
            ? (line.Length > 80 ? line[..80] + "…" : line)
            : "(empty)";
}
