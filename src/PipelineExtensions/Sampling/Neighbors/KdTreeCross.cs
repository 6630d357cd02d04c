using System.Runtime.CompilerServices;

namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>
/// <see cref="NearestNeighbours.Cross(float[], int, int, ReadOnlySpan{int}, PackedRows[], NeighbourSpec[], bool)"/>
/// through one <see cref="KdTree"/> per candidate segment (ADASYN, Borderline-SMOTE): each list descends the trees of
/// the segments it covers in turn, so the second tree starts from the first one's k-th distance. Same results as the
/// brute-force search, bit for bit and tie for tie.
/// </summary>
internal static class KdTreeCross
{
    private const int ChunkQueries = 256;

    /// <summary>
    /// The search through trees where it suits, else null (brute force): the measured self-search shape gate
    /// (<see cref="KdTreeSearch.Wins"/>) on the candidate count, enough queries to amortise the builds, finite rows
    /// everywhere; above its dimension, in the adaptive window (<see cref="KdTreeSearch.MayWin"/>, so never d &gt; 16),
    /// the trees are built and a fixed sample of queries measures their work (<see cref="TreesIfWin"/>).
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
        bool wins = KdTreeSearch.Wins(candidates, d, k);
        // Outside both the shape gate and the adaptive window (d = 32 among them) nothing is unpacked or built.
        if (!wins && !KdTreeSearch.MayWin(candidates, d, k))
            return null;
        if (!KdTreeSearch.AllFinite(queries[..(nq * d)]))
            return null;
        // The pre-check reads its few rows straight from the segment: data that fills its dimensions is turned
        // away before the segments are unpacked and scanned for finite values.
        var counts = segments.Select(s => s.Count).ToArray();
        if (!wins && (TooLittleWork(nq, counts, queriesAreSegment0) || PrecheckRejects(segments, d, k)))
            return null;
        var rows = segments.Select(Unpack).ToArray();
        foreach (var r in rows)
            if (!KdTreeSearch.AllFinite(r))
                return null;
        int leafSize = KdTree.LeafSizeFor(d);
        var trees = wins ? BuildTrees(rows, counts, d, leafSize) : TreesIfWin(queries, nq, d, excluded, rows, counts, specs, queriesAreSegment0, k, leafSize, prechecked: true);
        return trees == null ? null : Cross(queries, nq, d, excluded, trees, specs, queriesAreSegment0, leafSize);
    }

    /// <summary>
    /// The adaptive decision for the cross search (deterministic), with the self-search gate's pieces: the pre-check
    /// (<see cref="KdTreeSearch.PrecheckMeanScanned(ReadOnlySpan{float}, int, int, int, double)"/>) on the largest segment turns away data that fills its
    /// dimensions for a small build; then the segments' trees are built and <see cref="KdTreeSearch.ProbeQueries"/>
    /// evenly spaced queries run every list through the trees it covers. The trees are returned when
    /// nq × mean scanned rows × <see cref="KdTreeSearch.TreeRowCost"/> is below the brute force's pair work
    /// (<see cref="BrutePairs"/>), else null. The brute force computes each pair once for all lists, the tree searches
    /// each list apart: the sample's scanned rows are summed over lists and segments.
    /// </summary>
    internal static KdTree?[]? TreesIfWin(ReadOnlySpan<float> queries, int nq, int d, ReadOnlySpan<int> excluded, float[][] rows, int[] counts, NeighbourSpec[] specs, bool queriesAreSegment0, int k, int leafSize, bool prechecked = false)
    {
        if (!prechecked && TooLittleWork(nq, counts, queriesAreSegment0))
            return null;
        int largest = Largest(counts);
        if (!prechecked && counts[largest] > 2 * KdTreeSearch.PrecheckRows
            && KdTreeSearch.PrecheckMeanScanned(rows[largest], counts[largest], d, k, KdTreeSearch.PrecheckLimit) > KdTreeSearch.PrecheckLimit)
            return null;
        double limit = MaxMeanScanned(nq, counts, queriesAreSegment0);
        var trees = BuildTrees(rows, counts, d, leafSize);
        return ProbeMeanScanned(queries, nq, d, excluded, trees, specs, queriesAreSegment0, limit) <= limit ? trees : null;
    }

    /// <summary>Below the self-search window's work (n = AdaptiveMinRows: n² / 2 pairs) the builds and the sample weigh more.</summary>
    private static bool TooLittleWork(int nq, int[] counts, bool queriesAreSegment0) =>
        BrutePairs(nq, counts, queriesAreSegment0) < (double)KdTreeSearch.AdaptiveMinRows * KdTreeSearch.AdaptiveMinRows / 2;

    private static int Largest(int[] counts)
    {
        int largest = 0;
        for (int s = 1; s < counts.Length; s++)
            if (counts[s] > counts[largest])
                largest = s;
        return largest;
    }

    /// <summary>
    /// The pre-check of <see cref="TreesIfWin"/> on the largest segment, read where its rows lie (the same rows, the same answer): true
    /// when it keeps the brute force (also for non-finite sampled rows, which the full finiteness check would refuse).
    /// </summary>
    internal static bool PrecheckRejects(PackedRows[] segments, int d, int k)
    {
        int largest = Largest(segments.Select(s => s.Count).ToArray()), n = segments[largest].Count;
        if (n <= 2 * KdTreeSearch.PrecheckRows)
            return false;
        var segment = segments[largest];
        var data = segment.Rows;
        int step = segment.Step;
        var subset = GC.AllocateUninitializedArray<float>(KdTreeSearch.PrecheckRows * d);
        for (int i = 0; i < KdTreeSearch.PrecheckRows; i++)
        {
            long start = segment.Start(KdTreeSearch.PrecheckRow(i, n));
            for (int f = 0; f < d; f++)
                subset[i * d + f] = data[start + f * step];
        }
        return !KdTreeSearch.AllFinite(subset)
            || KdTreeSearch.PrecheckMeanScanned(subset, d, k, KdTreeSearch.PrecheckLimit) > KdTreeSearch.PrecheckLimit;
    }

    /// <summary>
    /// The brute force's distance pairs: nq × candidates, with segment 0's pairs among the queries computed once when
    /// <paramref name="queriesAreSegment0"/> (the symmetric kernel).
    /// </summary>
    internal static double BrutePairs(int nq, int[] counts, bool queriesAreSegment0)
    {
        double pairs = 0;
        for (int s = 0; s < counts.Length; s++)
            pairs += (double)nq * counts[s] * (queriesAreSegment0 && s == 0 ? 0.5 : 1);
        return pairs;
    }

    /// <summary>The largest mean of scanned rows per query (all lists and segments) at which the trees are expected to win.</summary>
    internal static double MaxMeanScanned(int nq, int[] counts, bool queriesAreSegment0) =>
        BrutePairs(nq, counts, queriesAreSegment0) / ((double)nq * KdTreeSearch.TreeRowCost);

    /// <summary>
    /// Mean leaf rows scanned per query, summed over each list's segments, over <see cref="KdTreeSearch.ProbeQueries"/>
    /// evenly spaced queries, each a full exact search; stops once the total passes <paramref name="stopAbove"/> ×
    /// sample (returning a mean above it).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe double ProbeMeanScanned(ReadOnlySpan<float> queries, int nq, int d, ReadOnlySpan<int> excluded, KdTree?[] trees, NeighbourSpec[] specs, bool queriesAreSegment0, double stopAbove)
    {
        int sample = Math.Min(KdTreeSearch.ProbeQueries, nq);
        var lists = specs.Select(s => new NeighbourList(sample, s.K)).ToArray();
        int stack = Math.Max(1, trees.Max(t => t?.StackSize ?? 0));
        int* nodes = stackalloc int[stack];
        float* bounds = stackalloc float[stack];
        float* buf = stackalloc float[PackedRows.Lanes];
        double limit = stopAbove * sample;
        long total = 0;
        fixed (float* q = queries)
        {
            for (int i = 0; i < sample; i++)
            {
                int query = (int)((2L * i + 1) * nq / (2L * sample));
                int exclude = queriesAreSegment0 ? query : excluded.Length > 0 ? excluded[query] : -1;
                for (int h = 0; h < specs.Length; h++)
                    fixed (float* worst = lists[h].Worst)
                        for (int s = 0; s < trees.Length; s++)
                            if ((specs[h].SegmentMask & (1 << s)) != 0 && trees[s] != null)
                                total += trees[s]!.Search(q + (nint)query * d, lists[h], worst, i, exclude, nodes, bounds, buf);
                if (total > limit)
                    return (double)total / (i + 1);
            }
        }
        return (double)total / sample;
    }

    /// <summary>One tree per non-empty segment, its indices offset by the rows of the segments before it.</summary>
    internal static KdTree?[] BuildTrees(float[][] rows, int[] counts, int d, int leafSize)
    {
        var trees = new KdTree?[rows.Length];
        for (int s = 0, offset = 0; s < rows.Length; offset += counts[s], s++)
            trees[s] = counts[s] == 0 ? null : new KdTree(rows[s], counts[s], d, offset, leafSize);
        return trees;
    }

    /// <summary>
    /// The search over segments given row-major (<paramref name="rows"/>[s] holds <paramref name="counts"/>[s] finite
    /// rows); <paramref name="excluded"/> as in the brute-force search (empty: none; with
    /// <paramref name="queriesAreSegment0"/> each query excludes itself instead).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int[][] Cross(ReadOnlySpan<float> queries, int nq, int d, ReadOnlySpan<int> excluded, float[][] rows, int[] counts, NeighbourSpec[] specs, bool queriesAreSegment0, int leafSize) =>
        Cross(queries, nq, d, excluded, BuildTrees(rows, counts, d, leafSize), specs, queriesAreSegment0, leafSize);

    /// <summary>The search over the segments' trees (<see cref="BuildTrees"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int[][] Cross(ReadOnlySpan<float> queries, int nq, int d, ReadOnlySpan<int> excluded, KdTree?[] trees, NeighbourSpec[] specs, bool queriesAreSegment0, int leafSize)
    {
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

    /// <summary>A segment's real rows, row-major (read where they lie: no packed copy is made for it).</summary>
    internal static float[] Unpack(PackedRows packed)
    {
        int n = packed.Count, d = packed.Dimension, step = packed.Step;
        var rows = GC.AllocateUninitializedArray<float>(n * d);
        var data = packed.Rows;
        for (int i = 0; i < n; i++)
        {
            long start = packed.Start(i);
            for (int f = 0; f < d; f++)
                rows[i * d + f] = data[start + f * step];
        }
        return rows;
    }
}
