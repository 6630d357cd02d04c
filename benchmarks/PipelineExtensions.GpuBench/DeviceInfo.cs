using ILGPU;
using ILGPU.Runtime.Cuda;
using Microsoft.Extensions.Logging;
using PipelineExtensions.Neural.Devices.Ilgpu;

namespace PipelineExtensions.GpuBench;

/// <summary>
/// Opens the candidate device and prints what ILGPU sees (architecture, PTX ISA, driver, memory). When the CUDA
/// device will not open or run a kernel with ILGPU's own ISA choice (a driver newer than ILGPU 1.5.3 knows), it
/// retries with lower explicit PTX ISAs and says which one worked.
/// </summary>
internal static class DeviceInfo
{
    private static readonly string[] FallbackIsas = ["8.5", "8.3", "8.0", "7.8", "7.5"];

    public static IlgpuDevice Open(BenchOptions options)
    {
        if (options.Device == "ilgpu-cpu")
        {
            var cpu = IlgpuDevice.CpuAccelerator(threadsPerGroup: 4, parallelGroups: Math.Max(2, Environment.ProcessorCount));
            Smoke(cpu);
            Console.WriteLine($"ILGPU CPU accelerator: {cpu.AcceleratorName}");
            return cpu;
        }
        Console.WriteLine($"LD_LIBRARY_PATH={Environment.GetEnvironmentVariable("LD_LIBRARY_PATH")}");
        using (var context = Context.Create(b => b.Cuda()))
        {
            var found = context.GetCudaDevices();
            Console.WriteLine($"ILGPU sees {found.Count} CUDA device(s)");
            foreach (var d in found)
            {
                Console.WriteLine($"  {d.Name}: architecture {d.Architecture}, ILGPU's PTX ISA {d.InstructionSet}, driver {d.DriverVersion}, " +
                                  $"{d.MemorySize / (1 << 20):N0} MiB, {d.NumMultiprocessors} SMs, warp {d.WarpSize}, " +
                                  $"max threads/group {d.MaxNumThreadsPerGroup}, shared/group {d.MaxSharedMemoryPerGroup} B, L2 {d.L2CacheSize} B, clock {d.ClockRate} kHz");
                d.PrintInformation(Console.Out);
            }
        }
        var logger = new ConsoleLogger();
        var attempts = new List<string?> { options.InstructionSet };
        attempts.AddRange(FallbackIsas.Where(i => i != options.InstructionSet));
        foreach (var isa in attempts)
        {
            try
            {
                var device = IlgpuDevice.Cuda(0, logger, isa is null ? null : Parse(isa));
                try
                {
                    Smoke(device);
                }
                catch
                {
                    device.Dispose();
                    throw;
                }
                Console.WriteLine($"opened {device.Name} ({device.AcceleratorName}) with PTX ISA {isa ?? "ILGPU default"}; kernels load and run");
                Console.WriteLine($"GEMM: {device.ActiveGemm}{(device.CuBlasUnavailableReason is { } why ? $"; cuBLAS unavailable: {why}" : "")}");
                return device;
            }
            catch (Exception e)
            {
                Console.WriteLine($"PTX ISA {isa ?? "ILGPU default"}: FAILED\n{e}");
            }
        }
        throw new InvalidOperationException("The CUDA device could not be opened with any PTX ISA tried.");
    }

    /// <summary>For sections run without "info": opens the device without the printing.</summary>
    public static IlgpuDevice OpenQuietly(BenchOptions options, bool profiling = false) => options.Device == "ilgpu-cpu"
        ? IlgpuDevice.CpuAccelerator(4, Math.Max(2, Environment.ProcessorCount), profiling: profiling)
        : IlgpuDevice.Cuda(0, new ConsoleLogger(), options.InstructionSet is { } isa ? Parse(isa) : null, profiling);

    public static IReadOnlyList<string> Ptx(string? dumpDirectory = null)
    {
        var lines = new List<string>();
        foreach (var (major, minor) in new[] { (9, 0), (8, 0) })
        {
            var compiled = PtxCompilation.CompileAll(major, minor, dumpDirectory);
            string line = $"ptx sm_{major}{minor}: {compiled.Count} kernels compiled, {compiled.Sum(c => c.PtxLength):N0} characters of PTX";
            Console.WriteLine(line);
            lines.Add(line);
        }
        return lines;
    }

    private static CudaInstructionSet Parse(string isa)
    {
        var parts = isa.Split('.');
        return new CudaInstructionSet(int.Parse(parts[0]), parts.Length > 1 ? int.Parse(parts[1]) : 0);
    }

    // One kernel launch and a round trip: proves the PTX was accepted by the driver and runs.
    private static void Smoke(IlgpuDevice device)
    {
        const int n = 1000;
        var s = device.Allocate(n);
        device.Fill(s, 0, n, 1.5f);
        device.Axpby(2f, s, 0.5f, s, n);
        var back = new float[n];
        device.Download(s, 0, back);
        s.ReleaseReference();
        if (back.Any(v => v != 3.75f))
            throw new InvalidOperationException($"smoke kernel wrote {back.First(v => v != 3.75f)} instead of 3.75");
    }

    private sealed class ConsoleLogger : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Console.WriteLine($"[{logLevel}] {formatter(state, exception)}");
    }
}
