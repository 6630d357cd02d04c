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
/// [--no-tree] (time the brute force and the gated search only: the tree alone takes tens of seconds at 100k × 16
/// on Gaussian rows) [--data gauss|plane] (gauss: N(0, 1) features as in the samplers benchmark; plane: rows on a random 2-dimensional
/// plane with tiny noise, a low intrinsic dimension) [--leaf N] (rows per leaf; default
/// KdTree.LeafSizeFor(d)). "gated" times the public search (gate included: shape, or build + sample then tree or brute
/// force); "scanned" is the gate's sample's mean leaf rows per query in full, "pre" the same on the pre-check's small tree, "row cost" the break-even
/// KdTreeSearch.TreeRowCost it implies (tree ms per scanned row / brute ms per pair), "build ms" the tree's build,
/// "probe ms" the sampled decision (small tree's pre-check, then the build and sample); gate "*" marks the sampled decision.
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
        bool noTree = args.Contains("--no-tree");
        Console.WriteLine($"kdtree: {data} data, leaf size {(leaf > 0 ? leaf.ToString(CultureInfo.InvariantCulture) : "by d")}, k = {k}, min / median of alternating calls after one warm-up each; {Environment.ProcessorCount} cores; load: {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"{"rows",8} {"d",4} {"brute ms",10} {"tree ms",10} {"gated ms",10} {"brute med",10} {"tree med",10} {"gated med",10} {"brute/tree",11} {"scanned",9} {"pre",6} {"row cost",9} {"build ms",8} {"probe ms",8} {"gate",6}");
        foreach (int n in sizes)
            foreach (int d in dims)
            {
                var x = data == "plane" ? Plane(n, d, seed: n + d) : Gauss(n, d, seed: n);
                var brute = NearestNeighbours.Self(x, n, d, k, screen: null);
                var tree = noTree ? brute : KdTreeSearch.Self(x, n, d, k, leaf > 0 ? leaf : KdTree.LeafSizeFor(d));
                if (!brute.AsSpan().SequenceEqual(tree))
                    throw new InvalidOperationException($"tree and brute force differ at n = {n}, d = {d}");
                var tb = new List<double>();
                var tt = new List<double>();
                var tg = new List<double>();
                var gated = NearestNeighbours.Self(x, n, d, k);

                int r = n > 20_000 ? Math.Min(rounds, 3) : rounds;
                for (int i = 0; i < r; i++)
                {
                    tb.Add(Time(() => brute = NearestNeighbours.Self(x, n, d, k, screen: null)));
                    tt.Add(noTree ? double.NaN : Time(() => tree = KdTreeSearch.Self(x, n, d, k, leaf > 0 ? leaf : KdTree.LeafSizeFor(d))));
                    tg.Add(Time(() => gated = NearestNeighbours.Self(x, n, d, k)));
                    if (!brute.AsSpan().SequenceEqual(tree) || !brute.AsSpan().SequenceEqual(gated))
                        throw new InvalidOperationException($"tree and brute force differ at n = {n}, d = {d}");
                }
                double b = tb.Min(), t = tt.Min(), g = tg.Min();
                // The gate's sample in full (no early stop) and the row cost it implies: brute ms per pair over tree
                // ms per scanned row (break-even TreeRowCost for this case).
                double scanned = KdTreeSearch.ProbeMeanScanned(new KdTree(x, n, d, 0, KdTree.LeafSizeFor(d)), k, double.PositiveInfinity);
                double pre = n > 2 * KdTreeSearch.PrecheckRows ? KdTreeSearch.PrecheckMeanScanned(x, n, d, k, double.PositiveInfinity) : double.NaN;
                double rowCost = t / (n * scanned) / (b / (0.5 * n * (double)n));
                double build = Enumerable.Range(0, 3).Min(_ => Time(() => new KdTree(x, n, d, 0, KdTree.LeafSizeFor(d))));
                double probe = Enumerable.Range(0, 3).Min(_ => Time(() => KdTreeSearch.TreeIfWins(x, n, d, k)));
                string gate = KdTreeSearch.Wins(n, d, k) ? "tree" : !KdTreeSearch.MayWin(n, d, k) ? "brute"
                    : KdTreeSearch.TreeIfWins(x, n, d, k) != null ? "tree*" : "brute*";
                Console.WriteLine($"{n,8} {d,4} {b,10:F2} {t,10:F2} {g,10:F2} {Median(tb),10:F2} {Median(tt),10:F2} {Median(tg),10:F2} {b / t,10:F2}x {scanned,9:F0} {pre,6:F0} {rowCost,9:F2} {build,8:F2} {probe,8:F2} {gate,6}");
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
