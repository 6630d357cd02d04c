using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Devices.Cpu;
using PipelineExtensions.Neural.Devices.Ilgpu;
using PipelineExtensions.Neural.Tests.Devices;

namespace PipelineExtensions.GpuBench;

/// <summary>
/// The device-conformance cases of the test suite (every op of the device contract, every layer, loss and
/// optimizer through autograd, a few training steps of three networks) on the candidate device against the CPU
/// backend, within the tolerances the tests use; prints max |Δ| and max relative |Δ| per case. GEMM-bearing cases
/// run once per GEMM implementation available (cuBLAS and the tiled kernel).
/// </summary>
internal static class ConformanceRun
{
    public static (IReadOnlyList<string> Lines, int Violations) Run(IlgpuDevice device, BenchOptions options)
    {
        var reference = new CpuDevice(Math.Min(options.CpuThreads, 8));
        var cases = new List<(string Name, Func<Device, float[][]> Run, (double, double) Tolerance)>();
        foreach (var (name, c) in OpCases.All)
            cases.Add(("op " + name, c.Run, c.Tolerance));
        foreach (var name in LayerCases.LayerNames)
            cases.Add(("layer " + name, d => LayerCases.RunLayer(name, d).Select(r => r.Values).ToArray(), Conformance.Summed));
        foreach (var name in LayerCases.LossNames)
            cases.Add(("loss " + name, d => LayerCases.RunLoss(name, d).Select(r => r.Item2).ToArray(), Conformance.Summed));
        foreach (var name in LayerCases.OptimizerNames)
            cases.Add(("optimizer " + name, d => LayerCases.RunOptimizer(name, d).ToArray(), Conformance.Summed));
        foreach (var name in TrainingCases.Names)
            cases.Add(("training " + name, d =>
            {
                var (losses, weights) = TrainingCases.Train(name, d);
                return [losses.ToArray(), .. weights];
            }, Conformance.Training));

        var backends = new List<IlgpuGemmBackend> { IlgpuGemmBackend.Tiled };
        if (device.IsCuda && device.CuBlasUnavailableReason is null && device.ActiveGemm == "cublas")
            backends.Insert(0, IlgpuGemmBackend.CuBlas);
        var lines = new List<string>();
        int totalViolations = 0;
        foreach (var backend in backends)
        {
            device.GemmBackend = backend;
            int checkedCases = 0, failed = 0;
            double worstRel = 0;
            string worstCase = "";
            Console.WriteLine($"--- {device.Name}, GEMM {backend}: case, max |Δ|, max rel |Δ|, violations");
            foreach (var (name, run, tolerance) in cases)
            {
                // The cuBLAS pass re-runs only what multiplies matrices.
                if (backend != backends[^1] && !(name.Contains("gemm") || name.StartsWith("layer") || name.StartsWith("optimizer") || name.StartsWith("training") || name.StartsWith("op conv")))
                    continue;
                checkedCases++;
                try
                {
                    var expected = run(reference);
                    var actual = run(device);
                    double maxAbs = 0, maxRel = 0;
                    int violations = 0;
                    string? first = null;
                    if (expected.Length != actual.Length)
                    {
                        violations = 1;
                        first = $"{actual.Length} outputs, expected {expected.Length}";
                    }
                    else
                    {
                        for (int i = 0; i < expected.Length; i++)
                        {
                            var d = Conformance.Measure(expected[i], actual[i], tolerance, $"output {i}");
                            maxAbs = Math.Max(maxAbs, d.MaxAbs);
                            maxRel = Math.Max(maxRel, d.MaxRel);
                            violations += d.Violations;
                            first ??= d.First;
                        }
                    }
                    Console.WriteLine($"{name,-52} {maxAbs,10:G3} {maxRel,10:G3} {violations,5}{(first is null ? "" : "  FIRST: " + first)}");
                    if (violations > 0)
                        failed++;
                    if (maxRel > worstRel)
                        (worstRel, worstCase) = (maxRel, name);
                }
                catch (Exception e)
                {
                    failed++;
                    Console.WriteLine($"{name,-52} EXCEPTION {e}");
                }
            }
            string line = $"conformance {device.Name} GEMM {backend}: {checkedCases - failed}/{checkedCases} cases within tolerance; worst relative deviation {worstRel:G3} ({worstCase})";
            Console.WriteLine(line);
            lines.Add(line);
            totalViolations += failed;
        }
        device.GemmBackend = IlgpuGemmBackend.Auto;
        return (lines, totalViolations);
    }
}
