using System.Diagnostics;
using System.Globalization;
using PipelineExtensions.Benchmarks.Infrastructure;
using PipelineExtensions.Randomness;
using PipelineExtensions.Sampling.Neighbors;

namespace PipelineExtensions.Benchmarks.Sampling;

/// <summary>
/// The self-search (SMOTE, ENN, Tomek links) by brute force against the KD-tree on the same rows, alternating call by
/// call, to set the gate in <see cref="KdTreeSearch"/>. Both must return the same lists (checked every call).
/// Arguments: [--rows 1000,20000,100000] [--dims 2,3,4,6,8,12,16,32] [--k 5] [--rounds 5] (3 above 20k rows)
/// [--data gauss|plane] (gauss: N(0, 1) features as in the samplers benchmark; plane: rows on a random 2-dimensional
/// plane with tiny noise, a low intrinsic dimension) [--leaf N] (rows per leaf; default
/// KdTree.LeafSizeFor(d)).
/// </summary>
public sealed class KdTreeBenchmark : ISideBySideBenchmark
{
    /// <inheritdoc />
    public string Name => "kdtree";

    /// <inheritdoc />
    public string Description => "Neighbour self-search: blocked brute force vs KD-tree over n and d (sets the tree gate; no reference)";

    /// <inheritdoc />
    public int Run(string[] args)
    {
        var sizes = Arg(args, "--rows", "1000,20000,100000").Split(',').Select(int.Parse).ToArray();
        var dims = Arg(args, "--dims", "2,3,4,6,8,12,16,32").Split(',').Select(int.Parse).ToArray();
        int k = int.Parse(Arg(args, "--k", "5"), CultureInfo.InvariantCulture);
        int rounds = int.Parse(Arg(args, "--rounds", "5"), CultureInfo.InvariantCulture);
        string data = Arg(args, "--data", "gauss");
        int leaf = int.Parse(Arg(args, "--leaf", "0"), CultureInfo.InvariantCulture);
        Console.WriteLine($"kdtree: {data} data, leaf size {(leaf > 0 ? leaf.ToString(CultureInfo.InvariantCulture) : "by d")}, k = {k}, min / median of alternating calls after one warm-up each; {Environment.ProcessorCount} cores; load: {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"{"rows",8} {"d",4} {"brute ms",10} {"tree ms",10} {"brute med",10} {"tree med",10} {"brute/tree",11} {"gate",6}");
        foreach (int n in sizes)
            foreach (int d in dims)
            {
                var x = data == "plane" ? Plane(n, d, seed: n + d) : Gauss(n, d, seed: n);
                var brute = NearestNeighbours.Self(x, n, d, k, screen: null);
                var tree = KdTreeSearch.Self(x, n, d, k, leaf > 0 ? leaf : KdTree.LeafSizeFor(d));
                if (!brute.AsSpan().SequenceEqual(tree))
                    throw new InvalidOperationException($"tree and brute force differ at n = {n}, d = {d}");
                var tb = new List<double>();
                var tt = new List<double>();

                int r = n > 20_000 ? Math.Min(rounds, 3) : rounds;
                for (int i = 0; i < r; i++)
                {
                    tb.Add(Time(() => brute = NearestNeighbours.Self(x, n, d, k, screen: null)));
                    tt.Add(Time(() => tree = KdTreeSearch.Self(x, n, d, k, leaf > 0 ? leaf : KdTree.LeafSizeFor(d))));

                    if (!brute.AsSpan().SequenceEqual(tree))
                        throw new InvalidOperationException($"tree and brute force differ at n = {n}, d = {d}");
                }
                double b = tb.Min(), t = tt.Min();
                Console.WriteLine($"{n,8} {d,4} {b,10:F2} {t,10:F2} {Median(tb),10:F2} {Median(tt),10:F2} {b / t,10:F2}x {(KdTreeSearch.Wins(n, d, k) ? "tree" : "brute"),6}");
            }
        Console.WriteLine($"load after: {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    private static double Time(Action a)
    {
        var sw = Stopwatch.StartNew();
        a();
        return sw.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> v) => v.Order().ElementAt(v.Count / 2);

    private static float[] Gauss(int n, int d, long seed)
    {
        var rng = new SeededRandom(seed);
        var x = new float[n * d];
        for (int i = 0; i < x.Length; i++)
            x[i] = (float)rng.NextGaussian();
        return x;
    }

    private static float[] Plane(int n, int d, long seed)
    {
        var rng = new SeededRandom(seed);
        // A random plane through the origin (two directions), points N(0, 3²) on it plus N(0, 0.001²) in every
        // feature: at the scale of nearest neighbours the data is two-dimensional whatever d is.
        var axes = new double[2 * d];
        for (int i = 0; i < axes.Length; i++)
            axes[i] = rng.NextGaussian();
        var x = new float[n * d];
        for (int i = 0; i < n; i++)
        {
            double u = rng.NextGaussian() * 3, v = rng.NextGaussian() * 3;
            for (int f = 0; f < d; f++)
                x[i * d + f] = (float)(u * axes[f] + v * axes[d + f] + 0.001 * rng.NextGaussian());
        }
        return x;
    }

    private static string Arg(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
