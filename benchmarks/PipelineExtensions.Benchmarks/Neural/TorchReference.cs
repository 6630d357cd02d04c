using System.Diagnostics;
using System.Text.Json.Nodes;
using PipelineExtensions.Benchmarks.Infrastructure;

namespace PipelineExtensions.Benchmarks.Neural;

/// <summary>Runs benchmarks/reference/neural_torch.py with Debian's /usr/bin/python3 and returns its JSON.</summary>
internal static class TorchReference
{
    public static JsonObject Run(params string[] arguments)
    {
        string script = Path.Combine(RepositoryRoot(), "benchmarks", "reference", "neural_torch.py");
        var start = ReferencePython.Start();
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.ArgumentList.Add(script);
        foreach (var a in arguments)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start /usr/bin/python3.");
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"neural_torch.py {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr.Result}");
        return JsonNode.Parse(stdout)!.AsObject();
    }

    /// <summary>Prints the reference environment: torch version and build, the BLAS actually loaded.</summary>
    public static void PrintEnvironment(JsonObject result, bool full)
    {
        var env = result["environment"]!;
        Console.WriteLine($"reference: torch {env["torch"]}, {env["threads"]} threads, mkldnn {env["mkldnn"]}, libblas.so.3 → {env["libblas.so.3"]}");
        Console.WriteLine("  " + ReferencePython.Describe());
        foreach (var lib in env["blas"]?.AsArray() ?? [])
            Console.WriteLine($"  loaded: {lib!["internal_api"]} {lib["version"]} ({lib["architecture"]}), {lib["num_threads"]} threads, {lib["filepath"]}");
        if (ReferencePython.BlasWarning(env["blas"]) is { } warning)
            Console.WriteLine(warning);
        if (full)
            Console.WriteLine("torch.__config__.show():\n" + env["config"]);
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PipelineExtensions.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Run the benchmark from inside the repository.");
    }

    public static string Machine()
    {
        string load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";
        return $"{Environment.ProcessorCount} logical processors, AVX2 {System.Runtime.Intrinsics.X86.Avx2.IsSupported}, FMA {System.Runtime.Intrinsics.X86.Fma.IsSupported}, " +
               $"AVX-512F {System.Runtime.Intrinsics.X86.Avx512F.IsSupported}; load average {load}";
    }
}
