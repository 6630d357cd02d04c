using System.Runtime.CompilerServices;

namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>
/// <see cref="NearestNeighbours.Cross(ReadOnlySpan{float}, int, int, ReadOnlySpan{int}, PackedRows[], NeighbourSpec[], bool)"/>
/// through one <see cref="KdTree"/> per candidate segment (ADASYN, Borderline-SMOTE): each list descends the trees of
/// the segments it covers in turn, so the second tree starts from the first one's k-th distance. Same results as the
/// brute-force search, bit for bit and tie for tie.
/// </summary>
internal static class KdTreeCross
{
    private const int ChunkQueries = 256;

    /// <summary>
    /// The search through trees where it suits — the measured self-search gate (<see cref="KdTreeSearch.Wins"/>) on
    /// the candidate count, enough queries to amortise the builds, finite rows everywhere — else null (brute force).
    /// </summary>
    public static int[][]? TryCross(ReadOnlySpan<float> queries, int nq, int d, ReadOnlySpan<int> excluded, PackedRows[] segments, NeighbourSpec[] specs, bool queriesAreSegment0)
    {
        if (KdTreeSearch.Disabled.Value || nq < KdTreeSearch.MinRows)
            return null;
        int candidates = 0, k = 0;
        foreach (var s in segments)
            candidates += s.Count;
        foreach (var s in specs)
            k = Math.Max(k, s.K);
        if (!KdTreeSearch.Wins(candidates, d, k) || !KdTreeSearch.AllFinite(queries[..(nq * d)]))
            return null;
        var rows = segments.Select(Unpack).ToArray();
        foreach (var r in rows)
            if (!KdTreeSearch.AllFinite(r))
                return null;
        return Cross(queries, nq, d, excluded, rows, segments.Select(s => s.Count).ToArray(), specs, queriesAreSegment0, KdTree.LeafSizeFor(d));
    }

    /// <summary>
    /// The search over segments given row-major (<paramref name="rows"/>[s] holds <paramref name="counts"/>[s] finite
    /// rows); <paramref name="excluded"/> as in the brute-force search (empty: none; with
    /// <paramref name="queriesAreSegment0"/> each query excludes itself instead).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int[][] Cross(ReadOnlySpan<float> queries, int nq, int d, ReadOnlySpan<int> excluded, float[][] rows, int[] counts, NeighbourSpec[] specs, bool queriesAreSegment0, int leafSize)
    {
        var trees = new KdTree?[rows.Length];
        for (int s = 0, offset = 0; s < rows.Length; offset += counts[s], s++)
            trees[s] = counts[s] == 0 ? null : new KdTree(rows[s], counts[s], d, offset, leafSize);
        if (nq == 0)
            return specs.Select(_ => Array.Empty<int>()).ToArray();
        // Queries in tree order (neighbouring queries take the same paths, in cache): segment 0's tree when it holds
        // them, else a tree built over the queries for its order alone.
        var order = queriesAreSegment0 && trees[0] != null ? trees[0]! : new KdTree(queries, nq, d, 0, leafSize);
        var exclude = new int[nq];
        for (int p = 0; p < nq; p++)
        {
            int i = order.IndexAt(p);
            exclude[p] = queriesAreSegment0 ? i : excluded.Length > 0 ? excluded[i] : -1;
        }
        var lists = specs.Select(s => new NeighbourList(nq, s.K)).ToArray();
        int chunks = (nq + ChunkQueries - 1) / ChunkQueries;
        int workers = Math.Max(1, Math.Min(Environment.ProcessorCount, chunks));
        int next = -1;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ =>
            Worker(order, trees, specs, lists, exclude, nq, d, chunks, ref next));
        var result = new int[specs.Length][];
        for (int h = 0; h < specs.Length; h++)
        {
            int k = specs[h].K;
            var byPosition = lists[h].IndicesOf(nq);
            result[h] = new int[nq * k];
            for (int p = 0; p < nq; p++)
                byPosition.AsSpan(p * k, k).CopyTo(result[h].AsSpan(order.IndexAt(p) * k, k));
        }
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Worker(KdTree order, KdTree?[] trees, NeighbourSpec[] specs, NeighbourList[] lists, int[] exclude, int nq, int d, int chunks, ref int next)
    {
        int stack = trees.Max(t => t?.StackSize ?? 0);
        int* nodes = stackalloc int[stack];
        float* bounds = stackalloc float[stack];
        float* buf = stackalloc float[PackedRows.Lanes];
        fixed (float* rows = order.Ordered)
        {
            int c;
            while ((c = Interlocked.Increment(ref next)) < chunks)
            {
                int end = Math.Min(nq, (c + 1) * ChunkQueries);
                for (int h = 0; h < specs.Length; h++)
                    fixed (float* worst = lists[h].Worst)
                        for (int p = c * ChunkQueries; p < end; p++)
                            for (int s = 0; s < trees.Length; s++)
                                if ((specs[h].SegmentMask & (1 << s)) != 0 && trees[s] != null)
                                    trees[s]!.Search(rows + (nint)p * d, lists[h], worst, p, exclude[p], nodes, bounds, buf);
            }
        }
    }

    /// <summary>A packed segment's real rows, row-major.</summary>
    internal static float[] Unpack(PackedRows packed)
    {
        int n = packed.Count, d = packed.Dimension;
        var rows = GC.AllocateUninitializedArray<float>(n * d);
        var data = packed.Data;
        for (int i = 0; i < n; i++)
        {
            int b = i / PackedRows.Lanes, l = i % PackedRows.Lanes;
            for (int f = 0; f < d; f++)
                rows[i * d + f] = data[(b * d + f) * PackedRows.Lanes + l];
        }
        return rows;
    }
}
