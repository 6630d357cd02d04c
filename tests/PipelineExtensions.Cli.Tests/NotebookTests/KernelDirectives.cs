using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace PipelineExtensions.Cli.Tests.NotebookTests;

/// <summary>
/// The .NET Interactive magic lines the notebooks use, handled as the kernel handles them before C# sees the code:
/// <list type="bullet">
/// <item><c>#!csharp</c> on a cell's first line selects the C# kernel: removed.</item>
/// <item><c>#i "nuget: …"</c> adds a package source (the notebooks add the local <c>artifacts/packages</c> folder): removed.</item>
/// <item><c>#r "nuget: Name[, version]"</c> for one of this repository's packages (PipelineExtensions,
/// PipelineExtensions.Neural, PipelineExtensions.AutoML, pipex): references the assembly of the local build — the
/// one this test project compiled — and its dependencies, as NuGet would; the version is ignored.</item>
/// </list>
/// Removed lines become empty lines, so compiler messages keep the cell's line numbers. Any other magic line (another
/// kernel, another package, a file reference) is refused with a message naming it, so a notebook cannot silently rely
/// on something this harness does not do.
/// </summary>
internal static partial class KernelDirectives
{
    /// <summary>This repository's package ids and an assembly each holds.</summary>
    public static readonly IReadOnlyDictionary<string, Assembly> LocalPackages = new Dictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase)
    {
        ["PipelineExtensions"] = typeof(PipelineContext).Assembly,
        ["PipelineExtensions.Neural"] = typeof(PipelineExtensions.Neural.Trainers.MlpTrainer).Assembly,
        ["PipelineExtensions.AutoML"] = typeof(PipelineExtensions.AutoML.Experiments.PipelineSweep).Assembly,
        ["pipex"] = typeof(PipelineExtensions.Cli.Reports.HtmlReport).Assembly,
    };

    /// <summary>The C# code of <paramref name="source"/> and the assemblies its <c>#r</c> lines add.</summary>
    /// <exception cref="NotSupportedException">A magic line this harness does not handle; the message names it.</exception>
    public static (string Code, IReadOnlyList<Assembly> References) Process(string source)
    {
        var references = new List<Assembly>();
        var code = new StringBuilder();
        var lines = source.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i], trimmed = line.Trim();
            if (i > 0)
                code.Append('\n');
            if (trimmed == "#!csharp" && code.ToString().Trim().Length == 0)
                continue;
            if (trimmed.StartsWith("#!", StringComparison.Ordinal))
                throw new NotSupportedException($"line {i + 1}: the magic command '{trimmed}' is not handled by the notebook test harness.");
            if (PackageSource().IsMatch(trimmed))
                continue;
            if (PackageReference().Match(trimmed) is { Success: true } package)
            {
                string id = package.Groups["id"].Value;
                if (!LocalPackages.TryGetValue(id, out var assembly))
                    throw new NotSupportedException($"line {i + 1}: '{trimmed}': package '{id}' is not one of this repository's packages ({string.Join(", ", LocalPackages.Keys)}); the notebook test harness resolves only those.");
                references.Add(assembly);
                continue;
            }
            if (trimmed.StartsWith("#r ", StringComparison.Ordinal) || trimmed.StartsWith("#i ", StringComparison.Ordinal))
                throw new NotSupportedException($"line {i + 1}: '{trimmed}' is not handled by the notebook test harness (it resolves '#r \"nuget: <this repository's package>\"' only).");
            code.Append(line);
        }
        return (code.ToString(), references);
    }

    [GeneratedRegex("""^#i\s+"nuget:\s*[^"]+"\s*$""")]
    private static partial Regex PackageSource();

    [GeneratedRegex("""^#r\s+"nuget:\s*(?<id>[A-Za-z0-9_.\-]+)\s*(,\s*[^"]*)?"\s*$""")]
    private static partial Regex PackageReference();
}
