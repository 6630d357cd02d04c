using System.Text.Json.Nodes;
using System.Diagnostics;
using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Devices.Cpu;
using PipelineExtensions.Neural.Devices.Ilgpu;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Neural.Tests;

namespace PipelineExtensions.GpuBench;

/// <summary>
/// SGEMM n×n×n (FP32, no TF32) on the device through each available implementation (cuBLAS via ILGPU's binding,
/// the tiled shared-memory ILGPU kernel): median time over repeats, TFLOP/s, and the relative Frobenius error
/// against the CPU backend's product of the same random matrices.
/// </summary>
internal static class GemmRun
{
    public static IReadOnlyList<string> Run(IlgpuDevice device, BenchOptions options)
    {
        var lines = new List<string>();
        // 1024³ as well on a GPU (the CPU accelerator simulates every barrier with threads: one small size there).
        foreach (int n in (device.IsCuda ? new[] { options.GemmSize, 1024 } : [options.GemmSize]).Distinct())
        {
            var a = TestData.Uniform(n * n, 1);
            var b = TestData.Uniform(n * n, 2);
            var cpu = new CpuDevice(options.CpuThreads);
            float[] expected;
            using (var scope = new TensorScope())
            {
                var ca = Tensor.FromSpan(a, new TensorShape(n, n), cpu);
                var cb = Tensor.FromSpan(b, new TensorShape(n, n), cpu);
                var cc = Tensor.Zeros(new TensorShape(n, n), cpu);
                var sw = Stopwatch.StartNew();
                cpu.Gemm(false, false, n, n, n, 1f, ca.Storage, cb.Storage, 0f, cc.Storage);
                Console.WriteLine($"CPU backend reference {n}³ on {options.CpuThreads} threads: {sw.Elapsed.TotalSeconds:F3} s ({2.0 * n * n * n / sw.Elapsed.TotalSeconds / 1e12:F3} TFLOP/s, first call)");
                expected = cc.ToArray();
            }
            var backends = new List<IlgpuGemmBackend> { IlgpuGemmBackend.Tiled };
            if (device.IsCuda && device.ActiveGemm == "cublas")
                backends.Insert(0, IlgpuGemmBackend.CuBlas);
            using var s = new TensorScope();
            var da = Tensor.FromSpan(a, new TensorShape(n, n), device);
            var db = Tensor.FromSpan(b, new TensorShape(n, n), device);
            var dc = Tensor.Full(new TensorShape(n, n), float.NaN, device);
            foreach (var backend in backends)
            {
                device.GemmBackend = backend;
                device.Fill(dc.Storage, 0, n * n, float.NaN);
                for (int i = 0; i < 2; i++)
                    device.Gemm(false, false, n, n, n, 1f, da.Storage, db.Storage, 0f, dc.Storage);
                device.Synchronize();
                var times = new List<double>();
                int repeats = device.IsCuda ? options.GemmRepeats : 1;
                for (int r = 0; r < repeats; r++)
                {
                    var sw = Stopwatch.StartNew();
                    device.Gemm(false, false, n, n, n, 1f, da.Storage, db.Storage, 0f, dc.Storage);
                    device.Synchronize();
                    times.Add(sw.Elapsed.TotalSeconds);
                }
                times.Sort();
                double median = times[times.Count / 2];
                var actual = dc.ToArray();
                double num = 0, den = 0;
                int nonFinite = 0;
                for (int i = 0; i < actual.Length; i++)
                {
                    if (!float.IsFinite(actual[i]))
                        nonFinite++;
                    double d = actual[i] - expected[i];
                    num += d * d;
                    den += (double)expected[i] * expected[i];
                }
                string line = $"gemm {n}³ {backend,-6} on {device.Name}: median {median * 1e3:F3} ms over {repeats} = {2.0 * n * n * n / median / 1e12:F2} TFLOP/s; " +
                              $"‖C − C_cpu‖/‖C_cpu‖ = {Math.Sqrt(num / den):G3}{(nonFinite > 0 ? $", {nonFinite} non-finite (UNWRITTEN?)" : "")}";
                Console.WriteLine(line);
                lines.Add(line);
                if (nonFinite > 0 || !(Math.Sqrt(num / den) < 1e-4))
                    throw new InvalidOperationException($"GEMM {backend} {n}³ is wrong: {line}");
            }
            device.GemmBackend = IlgpuGemmBackend.Auto;
        }
        // PyTorch on the same GPU (benchmarks/gpu/torch_gpu.py): FP32 with TF32 off is the comparable figure.
        if (options.TorchJson is { } path && File.Exists(path) && JsonNode.Parse(File.ReadAllText(path))?["gemm"] is JsonArray torch)
            foreach (var g in torch)
            {
                string line = $"torch {g!["n"]}³ {(g["tf32"]!.GetValue<bool>() ? "TF32 (allow_tf32=True, not comparable)" : "FP32 (allow_tf32=False)")}: " +
                              $"median {g["median_ms"]!.GetValue<double>():F3} ms = {g["tflops"]!.GetValue<double>():F2} TFLOP/s, rel. error vs FP64 {g["rel_error_vs_fp64"]!.GetValue<double>():G3}";
                Console.WriteLine(line);
                lines.Add(line);
            }
        return lines;
    }
}
