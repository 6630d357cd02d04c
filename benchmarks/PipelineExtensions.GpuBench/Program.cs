using System.Diagnostics;
using System.Runtime.InteropServices;
using PipelineExtensions.GpuBench;
using PipelineExtensions.Neural.Devices.Ilgpu;

// The GPU proof run, one section after another; a failing section prints its exception and the run goes on.
// Usage (benchmarks/gpu/run-on-device.sh passes the real settings):
//   PipelineExtensions.GpuBench [--device cuda|ilgpu-cpu] [--sections info,ptx,conformance,gemm,epoch,profile]
//       [--gemm-size 4096] [--gemm-repeats 10] [--data DIR] [--epoch-steps N] [--epoch-rows N] [--cpu-threads N] [--warmup 20] [--skip-cpu-epoch] [--epoch-cpu-threads 16,2]
//       [--torch torch.json] [--isa 8.0] [--batch 128] [--profile-steps 50] [--ptx-dump DIR] [--skip-tiled-epoch]
var options = BenchOptions.Parse(args);
Console.WriteLine($"GpuBench: {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} logical CPUs, " +
                  $"sections {string.Join(",", options.Sections)}, candidate {options.Device}");
var summary = new List<string>();
int failures = 0;
IlgpuDevice? device = null;

void Section(string name, Func<IReadOnlyList<string>> body)
{
    if (!options.Sections.Contains(name))
        return;
    Console.WriteLine($"\n==================== {name}");
    var sw = Stopwatch.StartNew();
    try
    {
        var lines = body();
        summary.AddRange(lines);
    }
    catch (Exception e)
    {
        failures++;
        Console.WriteLine($"SECTION {name} FAILED: {e}");
        summary.Add($"{name}: FAILED ({e.GetType().Name}: {e.Message.Split('\n')[0]})");
    }
    Console.WriteLine($"({name}: {sw.Elapsed.TotalSeconds:F1} s)");
}

Section("info", () =>
{
    device = DeviceInfo.Open(options);
    return [$"device: {device.Name} = {device.AcceleratorName}, GEMM default {device.ActiveGemm}{(device.CuBlasUnavailableReason is { } r ? $" (cuBLAS: {r})" : "")}"];
});
if (device is null && options.Sections.Overlaps(["conformance", "gemm", "epoch"]))
{
    try
    {
        device = DeviceInfo.OpenQuietly(options);
    }
    catch (Exception e)
    {
        Console.WriteLine($"No {options.Device} device, so conformance, gemm and epoch cannot run: {e}");
        Console.WriteLine("RESULT: no device");
        return 2;
    }
}
Section("ptx", () => DeviceInfo.Ptx(options.PtxDump));
Section("conformance", () =>
{
    var (lines, violations) = ConformanceRun.Run(device!, options);
    if (violations > 0)
        failures++;
    return lines;
});
Section("gemm", () => GemmRun.Run(device!, options));
Section("epoch", () => EpochRun.Run(device!, options));
Section("profile", () =>
{
    using var profiled = DeviceInfo.OpenQuietly(options, profiling: true);
    return ProfileRun.Run(profiled, options);
});

Console.WriteLine("\n==================== summary");
foreach (var line in summary)
    Console.WriteLine(line);
Console.WriteLine(failures == 0 ? "RESULT: all sections passed" : $"RESULT: {failures} section(s) failed");
device?.Dispose();
return failures == 0 ? 0 : 1;
