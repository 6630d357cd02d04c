using System.Diagnostics;
using PipelineExtensions.Benchmarks.Infrastructure;
using PipelineExtensions.Neural.Kernels;

namespace PipelineExtensions.Benchmarks.Neural;

/// <summary>
/// SGEMM (C = A·B, float32, row-major) at 1024³ and at the shapes of the MLP and CNN training steps, against
/// torch.mm (OpenBLAS) with the same thread count. Prints GFLOP/s and torch_time / our_time.
/// </summary>
public sealed class GemmBenchmark : ISideBySideBenchmark
{
    // (m, n, k, transposes, where): the GEMMs of the MLP (batch 128) and CNN training steps with the operand
    // layouts the engine uses ("NT" = A·Bᵀ with B stored [n, k], as in x·Wᵀ; "TN" = Aᵀ·B).
    private static readonly (int M, int N, int K, string T, string Use)[] Shapes =
    [
        (1024, 1024, 1024, "NN", "square"),
        (128, 256, 784, "NT", "MLP fc1 forward x·Wᵀ"),
        (256, 784, 128, "TN", "MLP fc1 weight grad"),
        (128, 784, 256, "NN", "MLP fc1 input grad"),
        (128, 128, 256, "NT", "MLP fc2 forward"),
        (128, 128, 3136, "NT", "CNN fc1 forward"),
        (64, 196, 288, "NN", "CNN conv2 fwd/sample"),
        (64, 288, 196, "NT", "CNN conv2 wgrad/sample"),
        (288, 196, 64, "TN", "CNN conv2 dgrad/sample"),
        (32, 784, 9, "NN", "CNN conv1 fwd/sample"),
    ];

    /// <inheritdoc/>
    public string Name => "gemm";

    /// <inheritdoc/>
    public string Description => "SGEMM 1024³ and the MLP/CNN shapes vs torch.mm (OpenBLAS), 2 threads";

    /// <inheritdoc/>
    public int Run(string[] args)
    {
        // Arguments: [threads = 2] [repeats = 7] [rounds = 3].
        int threads = args.Length > 0 ? int.Parse(args[0]) : 2;
        int repeats = args.Length > 1 ? int.Parse(args[1]) : 7;
        Console.WriteLine($"machine: {TorchReference.Machine()}");
        Console.WriteLine($"ours: managed packed SGEMM (6×16 AVX2/FMA micro-kernel), {threads} threads; peak = 2 cores × 2 FMA × 8 lanes × 2 flop × clock");
        // Rounds alternate ours and torch; each side keeps its best time per shape over all rounds, so a burst of
        // load from other processes on the shared machine penalises neither side for long.
        int rounds = args.Length > 2 ? int.Parse(args[2]) : 3;
        var ours = Enumerable.Repeat(double.MaxValue, Shapes.Length).ToArray();
        var theirs = Enumerable.Repeat(double.MaxValue, Shapes.Length).ToArray();
        System.Text.Json.Nodes.JsonObject reference = null!;
        for (int round = 0; round < rounds; round++)
        {
            for (int i = 0; i < Shapes.Length; i++)
                ours[i] = Math.Min(ours[i], Time(Shapes[i].M, Shapes[i].N, Shapes[i].K, Shapes[i].T, threads, repeats));
            reference = TorchReference.Run(["gemm", threads.ToString(), repeats.ToString(), .. Shapes.Select(s => $"{s.M},{s.N},{s.K},{s.T}")]);
            for (int i = 0; i < Shapes.Length; i++)
                theirs[i] = Math.Min(theirs[i], reference["gemm"]![$"{Shapes[i].M},{Shapes[i].N},{Shapes[i].K},{Shapes[i].T}"]!.GetValue<double>());
        }
        Console.WriteLine($"best of {rounds} alternating rounds × {repeats} repeats per side; load average now {File.ReadAllText("/proc/loadavg").Trim()}");
        TorchReference.PrintEnvironment(reference, full: true);
        Console.WriteLine();
        Console.WriteLine($"{"m×n×k",-15} {"op",3} {"use",-24} {"ours ms",9} {"GFLOP/s",8} {"torch ms",9} {"GFLOP/s",8} {"torch/ours",10}");
        for (int i = 0; i < Shapes.Length; i++)
        {
            var (m, n, k, t, use) = Shapes[i];
            double flop = 2.0 * m * n * k;
            Console.WriteLine($"{$"{m}×{n}×{k}",-15} {t,3} {use,-24} {ours[i] * 1e3,9:F3} {flop / ours[i] / 1e9,8:F1} {theirs[i] * 1e3,9:F3} {flop / theirs[i] / 1e9,8:F1} {theirs[i] / ours[i],10:F2}");
        }
        return 0;
    }

    private static double Time(int m, int n, int k, string t, int threads, int repeats)
    {
        bool ta = t[0] == 'T', tb = t[1] == 'T';
        var a = Random(m * k, 1);
        var b = Random(k * n, 2);
        var c = new float[m * n];
        int inner = Math.Max(1, (int)(2e8 / (2.0 * m * n * k)));
        for (int i = 0; i < 3; i++)
            Sgemm.Run(ta, tb, m, n, k, 1f, a, b, 0f, c, threads);
        double best = double.MaxValue;
        for (int r = 0; r < repeats; r++)
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < inner; i++)
                Sgemm.Run(ta, tb, m, n, k, 1f, a, b, 0f, c, threads);
            best = Math.Min(best, sw.Elapsed.TotalSeconds / inner);
        }
        return best;
    }

    private static float[] Random(int n, int seed)
    {
        var r = new PipelineExtensions.Randomness.SeededRandom(seed);
        var a = new float[n];
        for (int i = 0; i < n; i++)
            a[i] = r.NextSingle() - 0.5f;
        return a;
    }
}
