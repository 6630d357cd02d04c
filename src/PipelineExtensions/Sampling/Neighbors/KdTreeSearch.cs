using System.Runtime.CompilerServices;

namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>
/// k-nearest-neighbour searches through a <see cref="KdTree"/>, with the same results as the brute-force
/// <see cref="NearestNeighbours"/> (same distances, same (distance, index) order), and the gate that picks the tree
/// where it was measured faster (benchmarks/README.md, "KD-tree for low dimensions").
/// </summary>
internal static class KdTreeSearch
{
    /// <summary>Leaves handed to a worker at a time: queries of neighbouring leaves share the upper nodes in cache.</summary>
    private const int ChunkLeaves = 8;

    /// <summary>
    /// The self-search through the tree where it wins, else null (brute force): the shape gate (<see cref="Wins"/>: low
    /// dimension, enough rows to amortise the build, k within the vector list insert) with finite rows (the box bounds
    /// need them; brute force handles NaN rows by never listing them);
    /// above its dimension, in the window <see cref="MayWin"/>, the tree is built and a fixed sample of queries measures
    /// its work (<see cref="TreeIfWins"/>) — data of low intrinsic dimension (rows near a plane) takes the tree, data
    /// that fills its dimensions stays on the brute force at the cost of a small pre-check tree and its cut-short sample.
    /// </summary>
    public static int[]? TrySelf(ReadOnlySpan<float> rows, int n, int d, int k)
    {
        if (Disabled.Value)
            return null;
        if (Wins(n, d, k))
            return AllFinite(rows[..(n * d)]) ? Self(rows, n, d, k) : null;
        // Outside the window (d = 32 among them) nothing is built or sampled: the brute force as before.
        if (!MayWin(n, d, k) || !AllFinite(rows[..(n * d)]))
            return null;
        var tree = TreeIfWins(rows, n, d, k);
        return tree == null ? null : Self(tree, k);
    }

    /// <summary>Shapes the shape gate rejects where the tree may still win on low-intrinsic-dimension data (measured window).</summary>
    internal static bool MayWin(int n, int d, int k) => k is >= 1 and <= 16 && n >= AdaptiveMinRows && d <= AdaptiveMaxDimension;

    /// <summary>Fewest rows for the adaptive gate: below, the brute force takes about 100 ms or less and the build and sample weigh more.</summary>
    internal const int AdaptiveMinRows = 20_000;

    /// <summary>Largest dimension for the adaptive gate.</summary>
    internal const int AdaptiveMaxDimension = 16;

    /// <summary>Queries in the gate's sample, spread evenly over the tree positions (so over the data).</summary>
    internal const int ProbeQueries = 256;

    /// <summary>
    /// The cost of one scanned tree leaf row (with its share of the descent) in brute-force pair computations (each
    /// pair serves two rows and runs in the blocked SIMD kernels): the tree is picked when n × mean scanned ×
    /// TreeRowCost &lt; n² / 2. Measured with the `kdtree` benchmark (benchmarks/README.md, "adaptive gate").
    /// </summary>
    internal const double TreeRowCost = 8.0;

    /// <summary>The largest mean of scanned rows per query at which the tree is expected to beat the brute force over n rows.</summary>
    internal static double MaxMeanScanned(int n) => n / (2 * TreeRowCost);

    /// <summary>Rows of the pre-check's small tree.</summary>
    internal const int PrecheckRows = 4_096;

    /// <summary>
    /// The adaptive decision (deterministic): the tree over the rows when its measured work on the fixed sample says it
    /// beats the brute force, else null. First a small tree over <see cref="PrecheckRows"/> evenly spaced rows takes
    /// the sample: a search scans a larger share of a sparser subset of the same data, so when the small tree's share
    /// exceeds twice the limit's share (1 / TreeRowCost of its rows) the data fills its dimensions and is turned away
    /// for the small build (about 1 ms) instead of the full one (30–100 ms at 100,000 rows). The pre-check only ever
    /// keeps the brute force (today's path); it may do so for data whose share would fall below the limit only at n.
    /// </summary>
    internal static KdTree? TreeIfWins(ReadOnlySpan<float> rows, int n, int d, int k)
    {
        if (n > 2 * PrecheckRows && PrecheckMeanScanned(rows, n, d, k, PrecheckLimit) > PrecheckLimit)
            return null;
        double limit = MaxMeanScanned(n);
        var tree = new KdTree(rows, n, d, 0, KdTree.LeafSizeFor(d));
        return ProbeMeanScanned(tree, k, limit) <= limit ? tree : null;
    }

    /// <summary>The pre-check's limit on the small tree's mean scanned rows: twice the full limit's share of its rows.</summary>
    internal const double PrecheckLimit = PrecheckRows / TreeRowCost;

    /// <summary>The sample's mean scanned rows on a tree over <see cref="PrecheckRows"/> evenly spaced rows (stops above <paramref name="stopAbove"/>).</summary>
    internal static double PrecheckMeanScanned(ReadOnlySpan<float> rows, int n, int d, int k, double stopAbove)
    {
        var subset = GC.AllocateUninitializedArray<float>(PrecheckRows * d);
        for (int i = 0; i < PrecheckRows; i++)
            rows.Slice(PrecheckRow(i, n) * d, d).CopyTo(subset.AsSpan(i * d, d));
        return PrecheckMeanScanned(subset, d, k, stopAbove);
    }

    /// <summary>Row of the n whose copy is row <paramref name="i"/> of the pre-check's subset (evenly spaced).</summary>
    internal static int PrecheckRow(int i, int n) => (int)((2L * i + 1) * n / (2L * PrecheckRows));

    /// <summary>The sample's mean scanned rows on a tree over <paramref name="subset"/> (<see cref="PrecheckRows"/> finite rows, gathered with <see cref="PrecheckRow"/>).</summary>
    internal static double PrecheckMeanScanned(float[] subset, int d, int k, double stopAbove) =>
        ProbeMeanScanned(new KdTree(subset, PrecheckRows, d, 0, KdTree.LeafSizeFor(d)), k, stopAbove);

    /// <summary>
    /// Mean leaf rows scanned per query over <see cref="ProbeQueries"/> rows at evenly spaced tree positions, each a
    /// full exact search; stops as soon as the total passes <paramref name="stopAbove"/> × sample (returning a mean
    /// above it), so data the tree loses on costs only a fraction of the sample.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe double ProbeMeanScanned(KdTree tree, int k, double stopAbove)
    {
        int n = tree.Count, d = tree.Dimension, s = Math.Min(ProbeQueries, n);
        var list = new NeighbourList(s, k);
        double limit = stopAbove * s;
        long total = 0;
        int* nodes = stackalloc int[tree.StackSize];
        float* bounds = stackalloc float[tree.StackSize];
        float* buf = stackalloc float[PackedRows.Lanes];
        fixed (float* worst = list.Worst, rows = tree.Ordered)
        {
            for (int i = 0; i < s; i++)
            {
                int p = (int)((2L * i + 1) * n / (2L * s));
                total += tree.Search(rows + (nint)p * d, list, worst, i, tree.IndexAt(p), nodes, bounds, buf);
                if (total > limit)
                    return (double)total / (i + 1);
            }
        }
        return (double)total / s;
    }

    /// <summary>Set by tests (in their own async flow) to run the brute-force path where the gate would pick the tree.</summary>
    internal static readonly AsyncLocal<bool> Disabled = new();

    /// <summary>The measured gate on the shape alone (see the README table).</summary>
    public static bool Wins(int n, int d, int k) => k <= 16 && n >= MinRows && d <= MaxDimension(n);

    /// <summary>Below this many rows the brute-force search takes well under a millisecond anyway.</summary>
    internal const int MinRows = 1_000;

    /// <summary>
    /// Largest dimension at which the tree beat brute force at <paramref name="n"/> rows. Measured (`kdtree`
    /// benchmark, Gaussian rows, k = 5, two threads, min of 5 alternating calls, 01:53–02:03 UTC, load 2–18;
    /// brute/tree): 1,000 rows d 2 1.55×, d 3 1.00×; 5,000 rows d 3 1.99×, d 4 1.06×; 20,000 rows d 4 1.92×,
    /// d 6 0.73×; 50,000 rows d 6 1.38×, d 8 0.50×; 100,000 rows d 6 2.10×, d 8 0.65× (table in benchmarks/README.md).
    /// </summary>
    internal static int MaxDimension(int n) => n switch
    {
        < 5_000 => 2,
        < 20_000 => 3,
        < 50_000 => 4,
        _ => 6,
    };

    /// <summary>Whether every value is finite (no NaN, no ±∞).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (float v in values)
            if (!float.IsFinite(v))
                return false;
        return true;
    }

    /// <summary>
    /// <see cref="NearestNeighbours.Self(ReadOnlySpan{float}, int, int, int)"/> through a tree: the <paramref name="k"/>
    /// nearest other rows of each row (finite rows only), row-major n × k, nearest first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int[] Self(ReadOnlySpan<float> rows, int n, int d, int k) => Self(rows, n, d, k, KdTree.LeafSizeFor(d));

    /// <summary><see cref="Self(ReadOnlySpan{float}, int, int, int)"/> with at most <paramref name="leafSize"/> rows per leaf.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int[] Self(ReadOnlySpan<float> rows, int n, int d, int k, int leafSize) =>
        n == 0 ? [] : Self(new KdTree(rows, n, d, 0, leafSize), k);

    /// <summary>The self-search of the rows of <paramref name="tree"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int[] Self(KdTree tree, int k)
    {
        int n = tree.Count;
        // List rows are tree positions: queries run leaf by leaf, so a worker's lists lie together in memory.
        var list = new NeighbourList(n, k);
        int chunks = (tree.Leaves + ChunkLeaves - 1) / ChunkLeaves;
        int workers = Math.Max(1, Math.Min(Environment.ProcessorCount, chunks));
        int next = -1;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ =>
            SelfWorker(tree, list, chunks, ref next));
        var byPosition = list.IndicesOf(n);
        var result = new int[byPosition.Length];
        for (int p = 0; p < n; p++)
            byPosition.AsSpan(p * k, k).CopyTo(result.AsSpan(tree.IndexAt(p) * k, k));
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void SelfWorker(KdTree tree, NeighbourList list, int chunks, ref int next)
    {
        int d = tree.Dimension;
        int* nodes = stackalloc int[tree.StackSize];
        float* bounds = stackalloc float[tree.StackSize];
        float* buf = stackalloc float[PackedRows.Lanes];
        fixed (float* worst = list.Worst, rows = tree.Ordered)
        {
            int c;
            while ((c = Interlocked.Increment(ref next)) < chunks)
            {
                int first = tree.LeafStart(c * ChunkLeaves), end = tree.LeafStart(Math.Min(tree.Leaves, (c + 1) * ChunkLeaves));
                for (int p = first; p < end; p++)
                    tree.Search(rows + (nint)p * d, list, worst, p, tree.IndexAt(p), nodes, bounds, buf);
            }
        }
    }
}
