using System.Diagnostics;
using System.Globalization;
using PipelineExtensions.Benchmarks.Infrastructure;

namespace PipelineExtensions.Benchmarks.Augmentation;

/// <summary>Runs a reference script of benchmarks/reference with Debian's Python and yields its output lines.</summary>
internal static class ReferenceScripts
{
    public static IEnumerable<string> Run(string script, params string[] arguments)
    {
        var start = ReferencePython.Start();
        start.RedirectStandardOutput = true;
        start.ArgumentList.Add(Find(script));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start /usr/bin/python3.");
        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null)
            yield return line;
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{script} exited with code {process.ExitCode}.");
    }

    public static string Seconds(double seconds) => seconds.ToString(CultureInfo.InvariantCulture);

    public static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

    private static string Find(string file)
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "benchmarks", "reference", file);
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException($"benchmarks/reference/{file} not found above {Directory.GetCurrentDirectory()}; run from the repository.");
    }
}
