using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>Which candidates a neighbour list draws from: <paramref name="K"/> nearest over the segments whose bit is set in <paramref name="SegmentMask"/>.</summary>
internal readonly record struct NeighbourSpec(int K, int SegmentMask);

/// <summary>
/// Exact k-nearest-neighbour search by blocked brute force with the <see cref="DistanceTile"/> SIMD kernel on
/// every core. Brute force is the measured choice: at the dimensions samplers meet (tens to hundreds of features)
/// a space-partitioning tree prunes almost nothing, and the blocked kernel runs near the FMA peak. Results are
/// sorted by (squared distance, index) — ties go to the lower index — so they do not depend on thread scheduling.
/// </summary>
internal static partial class NearestNeighbours
{
    /// <summary>
    /// Rows per work block: a block of queries and a block of candidates stay in L1/L2 together. A multiple of 48, so
    /// whole 6-row screen tiles, 4-row direct tiles and 16-candidate tiles fit it.
    /// </summary>
    internal static int BlockRows(int d) => Math.Clamp(16384 / (d * sizeof(float)) / 48 * 48, 48, 240);

    /// <summary>
    /// Candidates per query from which the GEMM-form screen is used. Each pair that passes it costs an exact
    /// recompute (a chain of d fused steps) on top of the list work, and a row sees ~k·ln(N/k) such pairs out of N:
    /// on small searches that outweighs the faster kernel. Measured (two threads, d = 32, k = 5, min of 12–300 calls,
    /// 22:24–22:26 UTC): Self search 1,010 rows 1.21 ms direct vs 1.61 screened, 8,000 rows 28 vs 36, 20,000 rows
    /// 148–175 vs 161–204, 30,000 rows 372 vs 327, 40,000 rows 740 vs 576.
    /// </summary>
    internal const int ScreenMinCandidates = 24_576;

    /// <summary>
    /// For each query row, the nearest candidates of several lists at once (one distance pass): each
    /// <see cref="NeighbourSpec"/> keeps its own k nearest over its segments. Candidate indices are global:
    /// segment s's row j is <c>offset(s) + j</c> with segments concatenated in order.
    /// </summary>
    /// <param name="queries">Query rows, row-major.</param>
    /// <param name="nq">Number of queries.</param>
    /// <param name="d">Features per row.</param>
    /// <param name="excluded">Per query, a global candidate index never to return (the query itself), or −1; empty for none.</param>
    /// <param name="segments">Candidate rows, packed.</param>
    /// <param name="specs">The lists to keep.</param>
    /// <returns>Per spec, neighbour indices row-major nq × k, nearest first.</returns>
    /// <param name="queriesAreSegment0">
    /// True when segment 0 holds exactly the query rows, in order, and each query excludes itself (a class searched
    /// against the whole table): each pair of segment-0 rows is then computed once and offered to both rows.
    /// </param>
    public static unsafe int[][] Cross(float[] queries, int nq, int d, ReadOnlySpan<int> excluded, PackedRows[] segments, NeighbourSpec[] specs, bool queriesAreSegment0 = false) =>
        KdTreeCross.TryCross(queries, nq, d, excluded, segments, specs, queriesAreSegment0)
        ?? Cross(queries, nq, d, excluded, segments, specs, queriesAreSegment0, screen: null);

    /// <summary>
    /// <see cref="Cross(float[], int, int, ReadOnlySpan{int}, PackedRows[], NeighbourSpec[], bool)"/>; <paramref name="screen"/> true forces the screen, false the direct kernel, null chooses by the candidate count (<see cref="ScreenMinCandidates"/>);
    /// <paramref name="int8First"/> (tests) tries the 8-bit screen before the 16-bit one (<see cref="ScreenedSegments.TryCreate"/>).
    /// </summary>
    internal static unsafe int[][] Cross(float[] queries, int nq, int d, ReadOnlySpan<int> excluded, PackedRows[] segments, NeighbourSpec[] specs, bool queriesAreSegment0, bool? screen, bool int8First = false)
    {
        bool useScreen = screen ?? segments.Sum(s => (long)s.Count) >= ScreenMinCandidates;
        if (queriesAreSegment0)
            return CrossSymmetric(queries, nq, d, segments, specs, useScreen, int8First);
        int block = BlockRows(d), padded = PaddedRows.Count(nq, block);
        var exclude = new int[padded];
        exclude.AsSpan().Fill(-1);
        excluded.CopyTo(exclude);
        var lists = specs.Select(s => new NeighbourList(padded, s.K)).ToArray();
        int blocks = padded / block;
        int workers = Math.Max(1, Math.Min(Environment.ProcessorCount, blocks));
        int next = -1;
        using (var centred = useScreen ? ScreenedSegments.TryCreate(queries, nq, padded, d, segments, int8First) : null)
        using (var pinned = new PinnedSegments(segments, unpacked: centred != null))
        fixed (float* qBase = QueryRows(queries, nq, d, block, centred))
        {
            var operands = Operands(qBase, pinned, centred, segments);
            var quantized = Quantized(centred, segments.Length);
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
                CrossWorker(operands, quantized, d, block, blocks, segments, pinned.Offsets, specs, lists, exclude, ref next));
        }
        return lists.Select(l => l.IndicesOf(nq)).ToArray();
    }

    // The query rows the pass reads: padded with NaN rows for the direct kernel, which computes whole tiles; the
    // screened searches read only real rows (padding rows never pass a screen), so they take the rows as given.
    private static float[] QueryRows(float[] queries, int nq, int d, int block, ScreenedSegments? centred) =>
        centred != null ? queries : PaddedRows.Create(queries, nq, d, block);

    // Per segment: the integer screen's operands (default where it is not used).
    private static unsafe QuantOperands[] Quantized(ScreenedSegments? centred, int count)
    {
        var operands = new QuantOperands[count];
        for (int s = 0; s < count && centred != null; s++)
            operands[s] = centred.Quantized(s);
        return operands;
    }

    // Per segment: the original rows (where they lie when screened: only the exact recompute reads them) and, when
    // the screen is usable, its copies.
    private static unsafe TileOperands[] Operands(float* q, PinnedSegments pinned, ScreenedSegments? centred, PackedRows[] segments)
    {
        var operands = new TileOperands[segments.Length];
        for (int s = 0; s < segments.Length; s++)
            operands[s] = centred != null
                ? centred.Operands(q, (float*)pinned.Bases[s], s, segments[s].Step, segments[s].Map)
                : new TileOperands(q, (float*)pinned.Bases[s], null, null, null, null);
        return operands;
    }

    /// <summary>
    /// <see cref="Cross(float[], int, int, ReadOnlySpan{int}, PackedRows[], NeighbourSpec[], bool)"/> when segment 0 is the queries themselves: per query block, segment-0 blocks from the
    /// diagonal on (off-diagonal pairs offered to both rows, so the class × class part costs half), then the other
    /// segments row-wise. Column offers reach rows another worker may be querying, so each worker keeps its own lists
    /// (merged at the end; the (distance, index) order makes the merge exact and schedule-independent).
    /// </summary>
    private static unsafe int[][] CrossSymmetric(float[] queries, int nq, int d, PackedRows[] segments, NeighbourSpec[] specs, bool screen, bool int8First)
    {
        if (segments[0].Count != nq)
            throw new ArgumentException($"Segment 0 has {segments[0].Count} rows but there are {nq} queries; it must hold the queries.", nameof(segments));
        int block = BlockRows(d), padded = PaddedRows.Count(nq, block);
        int blocks = padded / block;
        int workers = Math.Max(1, Math.Min(Environment.ProcessorCount, blocks));
        var perWorker = new NeighbourList[workers][];
        var noExclusion = new int[padded];
        noExclusion.AsSpan().Fill(-1);
        int next = -1;
        // With the screen, the workers share the segment-0 thresholds (as in the Self search): the smallest loosest
        // threshold any worker's lists have held for a row bounds the merged lists' loosest from above.
        var shared = new float[padded];
        shared.AsSpan().Fill(float.PositiveInfinity);
        using (var centred = screen ? ScreenedSegments.TryCreate(queries, nq, padded, d, segments, int8First) : null)
        using (var pinned = new PinnedSegments(segments, unpacked: centred != null))
        fixed (float* qBase = QueryRows(queries, nq, d, block, centred), sharedLoosest = shared)
        {
            var operands = Operands(qBase, pinned, centred, segments);
            var quantized = Quantized(centred, segments.Length);
            float* sl = centred != null ? sharedLoosest : null;
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
                perWorker[w] = CrossSymmetricWorker(operands, quantized, d, block, blocks, padded, segments, pinned.Offsets, specs, noExclusion, sl, ref next));
        }
        var result = new int[specs.Length][];
        for (int h = 0; h < specs.Length; h++)
            result[h] = NeighbourList.MergedIndices(perWorker.Select(lists => lists[h]).ToArray(), nq);
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe NeighbourList[] CrossSymmetricWorker(TileOperands[] operands, QuantOperands[] quantized, int d, int block, int blocks, int padded, PackedRows[] segments, int[] offsets, NeighbourSpec[] specs, int[] noExclusion, float* sharedLoosest, ref int next)
    {
        var lists = specs.Select(s => new NeighbourList(padded, s.K)).ToArray();
        float* buf = stackalloc float[DotTile.Size];
        float* thresholds = stackalloc float[DotTile.QueryRows];
        var covering = new NeighbourList[specs.Length];
        var batch = new PairBatch();
        // Loosest threshold per row over the lists covering segment 0 (the tile screen for both sides).
        // (Shared by the workers when given; see CrossSymmetric.)
        var loosest = sharedLoosest != null ? [] : new float[padded];
        loosest.AsSpan().Fill(float.PositiveInfinity);
        int bi;
        fixed (float* own = loosest)
        {
            float* loose = sharedLoosest != null ? sharedLoosest : own;
            while ((bi = Interlocked.Increment(ref next)) < blocks)
            {
                for (int s = 0; s < segments.Length; s++)
                {
                    int count = Covering(specs, lists, s, covering);
                    if (count == 0)
                        continue;
                    if (s == 0)
                        SymmetricBlocks(operands[0], quantized[0], d, block, bi, segments[0].PaddedCount, covering.AsSpan(0, count), loose, buf, batch);
                    else
                        CrossBlock(operands[s], quantized[s], d, block, bi, segments[s].PaddedCount, offsets[s], noExclusion, covering.AsSpan(0, count), buf, thresholds, batch);
                }
            }
        }
        return lists;
    }

    /// <summary>Query block <paramref name="bi"/> against segment-0 blocks bj ≥ bi of the same rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void SymmetricBlocks(TileOperands o, QuantOperands qo, int d, int block, int bi, int candidates, Span<NeighbourList> lists, float* loosest, float* buf, PairBatch batch)
    {
        // The integer screen where usable (Int8Rows or QuantizedRows).
        for (int bj = bi; bj * block < candidates; bj++)
        {
            bool diagonal = bj == bi;
            int end = Math.Min(candidates, (bj + 1) * block);
            // Screened tiles are 6 query rows high, direct ones 4 (both divide the block).
            int step = o.Screened ? DotTile.QueryRows : DistanceTile.QueryRows;
            for (int qt = 0; qt < block; qt += step)
            {
                int qi = bi * block + qt;
                for (int cj = bj * block; cj < end; cj += DistanceTile.Candidates)
                {
                    float* columns = diagonal ? null : loosest + cj;
                    if (o.Screened)
                    {
                        if (qo.Usable
                            ? !qo.Screen(qi, cj, buf, loosest + qi, columns)
                            : !ScreenTile(o, d, qi, cj, buf, loosest + qi, columns))
                            continue;
                        batch.AddTile(buf, d, qi, cj, 0, loosest + qi, columns, diagonal, o.CStep, o.CMap);
                        if (batch.Count >= PairBatch.Due)
                            OfferSymmetricBatch(batch, lists, loosest, o, d);
                        continue;
                    }
                    if (!DistanceTile.ComputeScreened(o.Q + (long)qi * d, o.C + (long)cj * d, d, buf, loosest + qi, columns))
                        continue;
                    foreach (var list in lists)
                    {
                        fixed (float* worst = list.Worst)
                            OfferTile(list, worst, buf, qi, cj, diagonal);
                    }
                    for (int r = 0; r < DistanceTile.QueryRows; r++)
                        loosest[qi + r] = LoosestOf(lists, qi + r);
                    if (!diagonal)
                        for (int l = 0; l < DistanceTile.Candidates; l++)
                            loosest[cj + l] = LoosestOf(lists, cj + l);
                }
            }
        }
        OfferSymmetricBatch(batch, lists, loosest, o, d);
    }

    /// <summary>
    /// <see cref="DotTile.ComputeScreened"/> for query rows <paramref name="qi"/>.. and candidates <paramref name="cj"/>..
    /// of <paramref name="o"/>, as a call of its own. Inlined into the block loops, the kernel's five query-row offsets
    /// compete with the loops' live values for the general registers, and the JIT reloads three or four of them from
    /// the stack on every feature step; in its own frame all stay in registers, for the price of a call per tile
    /// (~200 cycles of FMAs at d = 32). Measured in the benchmarks README (cross-search pass).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe bool ScreenTile(TileOperands o, int d, int qi, int cj, float* buf, float* rowThresholds, float* columnThresholds) =>
        DotTile.ComputeScreened(o.ScreenQ + (long)qi * d, o.ScreenC + (long)cj * d, d, buf, o.QNorms + qi, o.CNorms + cj, rowThresholds, columnThresholds);

    /// <summary>Offers the queued pairs' exact distances to every list (both rows when marked) and refreshes their loosest thresholds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void OfferSymmetricBatch(PairBatch batch, Span<NeighbourList> lists, float* loosest, TileOperands o, int d)
    {
        if (batch.Count == 0)
            return;
        batch.Compute(o.Q, o.C, d, o.CStep);
        for (int p = 0; p < batch.Count; p++)
        {
            int i = batch.Rows[p], j = batch.Candidates[p];
            float distance = batch.Distances[p];
            bool both = batch.Both[p];
            // Most pairs pass only one side's threshold of one list: reject the others without the call.
            foreach (var list in lists)
            {
                var worst = list.Worst;
                if (distance <= worst[i])
                    list.Offer(i, distance, j);
                if (both && distance <= worst[j])
                    list.Offer(j, distance, i);
            }
            // Min-update: with shared thresholds another worker may hold a tighter one.
            float ti = LoosestOf(lists, i);
            if (ti < loosest[i])
                loosest[i] = ti;
            if (both)
            {
                float tj = LoosestOf(lists, j);
                if (tj < loosest[j])
                    loosest[j] = tj;
            }
        }
        batch.Clear();
    }

    /// <summary>
    /// Offers a computed <paramref name="rows"/>×16 tile (<paramref name="buf"/>: query rows <paramref name="qi"/>.., candidates
    /// <paramref name="cj"/>..) to <paramref name="list"/>: each distance under a query row's k-th goes to that row
    /// and, off the diagonal, each distance under a candidate's k-th goes to the candidate (each pair is computed once
    /// for both rows). On a diagonal tile a row never meets itself and the column side is covered by the row side.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void OfferTile(NeighbourList list, float* worst, float* buf, int qi, int cj, bool diagonal, int rows = DistanceTile.QueryRows)
    {
        for (int r = 0; r < rows; r++)
        {
            int i = qi + r;
            uint m = DistanceTile.RowMask(buf, r, worst[i]);
            if (diagonal && (uint)(i - cj) < DistanceTile.Candidates)
                m &= ~(1u << (i - cj));
            while (m != 0)
            {
                int lane = BitOperations.TrailingZeroCount(m);
                list.Offer(i, buf[16 * r + lane], cj + lane);
                m &= m - 1;
            }
            if (diagonal)
                continue;
            uint cm = DistanceTile.ColumnMask(buf, r, worst + cj);
            while (cm != 0)
            {
                int lane = BitOperations.TrailingZeroCount(cm);
                list.Offer(cj + lane, buf[16 * r + lane], i);
                cm &= cm - 1;
            }
        }
    }

    /// <summary>Collects into <paramref name="covering"/> the lists that search segment <paramref name="segment"/>; returns how many.</summary>
    private static int Covering(NeighbourSpec[] specs, NeighbourList[] lists, int segment, NeighbourList[] covering)
    {
        int count = 0;
        for (int h = 0; h < specs.Length; h++)
            if ((specs[h].SegmentMask & (1 << segment)) != 0)
                covering[count++] = lists[h];
        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float LoosestOf(Span<NeighbourList> lists, int row)
    {
        float t = lists[0].Worst[row];
        for (int h = 1; h < lists.Length; h++)
            t = MathF.Max(t, lists[h].Worst[row]);
        return t;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void CrossWorker(TileOperands[] operands, QuantOperands[] quantized, int d, int block, int blocks, PackedRows[] segments, int[] offsets, NeighbourSpec[] specs, NeighbourList[] lists, int[] exclude, ref int next)
    {
        float* buf = stackalloc float[DotTile.Size];
        float* thresholds = stackalloc float[DotTile.QueryRows];
        var covering = new NeighbourList[specs.Length];
        var batch = new PairBatch();
        int bi;
        while ((bi = Interlocked.Increment(ref next)) < blocks)
        {
            for (int s = 0; s < segments.Length; s++)
            {
                int count = Covering(specs, lists, s, covering);
                if (count == 0)
                    continue;
                CrossBlock(operands[s], quantized[s], d, block, bi, segments[s].PaddedCount, offsets[s], exclude, covering.AsSpan(0, count), buf, thresholds, batch);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void CrossBlock(TileOperands o, QuantOperands qo, int d, int block, int bi, int candidates, int offset, int[] exclude, Span<NeighbourList> lists, float* buf, float* thresholds, PairBatch batch)
    {
        // Candidates in chunks that stay in L1 while every query tile of the block passes over them.
        const int chunk = 64;
        int step = o.Screened ? DotTile.QueryRows : DistanceTile.QueryRows;
        // The integer screen where usable (Int8Rows or QuantizedRows), else the float one.
        bool integer = o.Screened && qo.Usable;
        long rowBytes = integer ? qo.RowBytes : (long)d * sizeof(float);
        // Each query tile prefetches its share of the next chunk's screen rows (see PrefetchSlice).
        long slice = chunk * rowBytes / (block / step);
        for (int c0 = 0; c0 < candidates; c0 += chunk)
        {
            int c1 = Math.Min(candidates, c0 + chunk);
            byte* next = !o.Screened || c1 >= candidates ? null : integer ? qo.CandidateBytes + c1 * rowBytes : (byte*)(o.ScreenC + (long)c1 * d);
            for (int qt = 0; qt < block; qt += step)
            {
                int qi = bi * block + qt;
                if (next != null)
                    PrefetchSlice(next + slice * (qt / step), slice);
                // The loosest threshold of the lists per query row screens the tile: a candidate above it enters no list.
                // Thresholds only shrink, so they are refreshed after a tile that may have changed them.
                Loosest(lists, qi, thresholds, step);
                for (int cj = c0; cj < c1; cj += DistanceTile.Candidates)
                {
                    if (o.Screened)
                    {
                        if (integer
                            ? !qo.Screen(qi, cj, buf, thresholds, null)
                            : !ScreenTile(o, d, qi, cj, buf, thresholds, null))
                            continue;
                        batch.AddTile(buf, d, qi, cj, offset, thresholds, null, false, o.CStep, o.CMap);
                        if (batch.Count >= PairBatch.Due)
                        {
                            OfferRowBatch(batch, lists, exclude, o, d);
                            Loosest(lists, qi, thresholds, step);
                        }
                        continue;
                    }
                    if (!DistanceTile.ComputeScreened(o.Q + (long)qi * d, o.C + (long)cj * d, d, buf, thresholds, null))
                        continue;
                    foreach (var list in lists)
                    {
                        var worst = list.Worst;
                        for (int r = 0; r < DistanceTile.QueryRows; r++)
                        {
                            int i = qi + r;
                            uint m = DistanceTile.RowMask(buf, r, worst[i]);
                            while (m != 0)
                            {
                                int lane = BitOperations.TrailingZeroCount(m);
                                int index = offset + cj + lane;
                                if (index != exclude[i])
                                    list.Offer(i, buf[16 * r + lane], index);
                                m &= m - 1;
                            }
                        }
                    }
                    Loosest(lists, qi, thresholds, step);
                }
            }
        }
        OfferRowBatch(batch, lists, exclude, o, d);
    }

    /// <summary>
    /// Prefetches <paramref name="bytes"/> from <paramref name="start"/> into L1. CrossBlock streams the other rows' centred
    /// copy (10 MB at 80,000 × 32) once per query block, so each chunk arrives cold; fetched a slice per query tile
    /// while the current chunk is computed, it is in L1 when its turn comes. A short last chunk's slices may reach past
    /// the segment's end: prefetches never fault.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PrefetchSlice(byte* start, long bytes)
    {
        if (!Sse.IsSupported)
            return;
        for (long b = 0; b < bytes; b += 64)
            Sse.Prefetch0(start + b);
    }

    /// <summary>Offers the queued pairs' exact distances to their query rows in every list, skipping each row's excluded candidate.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void OfferRowBatch(PairBatch batch, Span<NeighbourList> lists, int[] exclude, TileOperands o, int d)
    {
        if (batch.Count == 0)
            return;
        batch.Compute(o.Q, o.C, d, o.CStep);
        for (int p = 0; p < batch.Count; p++)
        {
            int i = batch.Rows[p], index = batch.Candidates[p];
            if (index == exclude[i])
                continue;
            foreach (var list in lists)
                list.Offer(i, batch.Distances[p], index);
        }
        batch.Clear();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Loosest(Span<NeighbourList> lists, int qi, float* thresholds, int rows)
    {
        for (int r = 0; r < rows; r++)
            thresholds[r] = LoosestOf(lists, qi + r);
    }
}
