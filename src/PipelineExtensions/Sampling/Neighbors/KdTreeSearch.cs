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
    /// Whether <see cref="NearestNeighbours.Self(ReadOnlySpan{float}, int, int, int)"/> should use the tree: low
    /// dimension, enough rows to amortise the build, k within the vector list insert, and finite rows (the box
    /// bounds need them; brute force handles NaN rows by never listing them).
    /// </summary>
    public static bool SuitsSelf(ReadOnlySpan<float> rows, int n, int d, int k) =>
        !Disabled.Value && Wins(n, d, k) && AllFinite(rows[..(n * d)]);

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
    internal static int[] Self(ReadOnlySpan<float> rows, int n, int d, int k, int leafSize)
    {
        if (n == 0)
            return [];
        var tree = new KdTree(rows, n, d, 0, leafSize);
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
