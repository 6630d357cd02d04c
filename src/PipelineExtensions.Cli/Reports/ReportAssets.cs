using System.Collections.Concurrent;
using System.Reflection;

namespace PipelineExtensions.Cli.Reports;

/// <summary>The scripts and style sheet every report inlines, read once from the assembly's embedded resources.</summary>
internal static class ReportAssets
{
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    /// <summary>The third-party libraries, in load order: Chart.js first, its plugins after it.</summary>
    public static readonly string[] Libraries = ["chart.umd.min.js", "chartjs-chart-matrix.min.js", "chartjs-plugin-annotation.min.js"];

    /// <summary>The text of asset <paramref name="name"/>.</summary>
    /// <exception cref="InvalidOperationException">The resource is missing, or a script holds "&lt;/script", which would end its inline block early.</exception>
    public static string Get(string name) => Cache.GetOrAdd(name, static n =>
    {
        var assembly = typeof(ReportAssets).Assembly;
        using var stream = assembly.GetManifestResourceStream("PipelineExtensions.Cli.Reports." + n)
            ?? throw new InvalidOperationException($"Report asset '{n}' is not embedded in {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        string text = reader.ReadToEnd();
        if (text.Contains("</script", StringComparison.OrdinalIgnoreCase) || text.Contains("</style", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Report asset '{n}' contains a closing tag and cannot be inlined.");
        return text;
    });
}
