using System.Runtime.CompilerServices;

namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>The search of a set of rows among themselves (SMOTE, Tomek links, ENN): each pair is computed once for both rows.</summary>
internal static partial class NearestNeighbours
{
    /// <summary>
    /// The <paramref name="k"/> nearest other rows of each of <paramref name="n"/> rows (row-major, <paramref name="d"/>
    /// features), excluding the row itself. Each pair's distance is computed once and offered to both rows.
    /// </summary>
    /// <returns>Neighbour indices, row-major n × k, nearest first.</returns>
    public static unsafe int[] Self(ReadOnlySpan<float> rows, int n, int d, int k) =>
        KdTreeSearch.TrySelf(rows, n, d, k) ?? Self(rows, n, d, k, screen: null);

    /// <summary>
    /// <see cref="Self(ReadOnlySpan{float}, int, int, int)"/>; <paramref name="screen"/> true forces the GEMM-form screen,
    /// false the direct kernel on every tile, null chooses by size (<see cref="ScreenMinCandidates"/>).
    /// </summary>
    internal static int[] Self(ReadOnlySpan<float> rows, int n, int d, int k, bool? screen)
    {
        var queries = PaddedRows.Create(rows, n, d, BlockRows(d));
        return SelfPadded(queries, n, queries.Length / d, d, k, screen);
    }

    /// <summary>Floats a buffer for <see cref="SelfInPlace"/> needs: <paramref name="n"/> rows padded to whole search blocks.</summary>
    internal static int PaddedLength(int n, int d) => checked(PaddedRows.Count(n, BlockRows(d)) * d);

    /// <summary>
    /// <see cref="Self(ReadOnlySpan{float}, int, int, int)"/> on the <paramref name="n"/> rows at the start of
    /// <paramref name="buffer"/> (at least <see cref="PaddedLength"/> floats, caller-owned scratch): the padding rows
    /// are written as NaN after the rows instead of copying them into a new padded array.
    /// </summary>
    internal static int[] SelfInPlace(float[] buffer, int n, int d, int k)
    {
        int length = PaddedLength(n, d);
        if (buffer.Length < length)
            throw new ArgumentException($"Sampler bug: the search buffer holds {buffer.Length} floats, {length} needed.", nameof(buffer));
        var tree = KdTreeSearch.TrySelf(buffer.AsSpan(0, n * d), n, d, k);
        if (tree != null)
            return tree;
        buffer.AsSpan(n * d, length - n * d).Fill(float.NaN);
        return SelfPadded(buffer, n, length / d, d, k, screen: null);
    }

    /// <summary>The search on <paramref name="queries"/>: <paramref name="n"/> rows then NaN rows up to <paramref name="padded"/>, a whole number of blocks.</summary>
    private static unsafe int[] SelfPadded(float[] queries, int n, int padded, int d, int k, bool? screen)
    {
        int block = BlockRows(d);
        // Pooled: a fresh array would fault its pages in on this thread before the workers start.
        var packing = System.Buffers.ArrayPool<float>.Shared.Rent(PackedRows.LengthFor(padded, d));
        var lists = new NeighbourList[Math.Max(1, Math.Min(Environment.ProcessorCount, padded / block))];
        try
        {
            var packed = new PackedRows(queries, padded, d, packing);
            // The centred copies for the GEMM-form screen (null: data too large for it, or non-finite: direct kernel).
            var centred = (screen ?? n >= ScreenMinCandidates) ? ScreenRows.Center(queries.AsSpan(0, padded * d), n, d, ScreenRows.Mean(queries, n, d)) : null;
            var centredPacked = centred == null ? null : new PackedRows(centred.Rows, padded, d);
            int blocks = padded / block;
            int workers = lists.Length;
            int next = -1;
            // The screened workers share one threshold per row (see SelfBlockPairScreened).
            var shared = new float[padded];
            shared.AsSpan().Fill(float.PositiveInfinity);
            fixed (float* qBase = queries, cBase = packed.Data, sq = centred?.Rows, sc = centredPacked?.Data, norms = centred?.Norms, sharedWorst = shared)
            {
                var operands = new TileOperands(qBase, cBase, sq, sc, norms, norms);
                float* sw = sharedWorst;
                Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
                    lists[w] = SelfWorker(operands, d, k, padded, block, blocks, sw, ref next));
            }
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(packing);
        }
        return NeighbourList.MergedIndices(lists, n);
    }

    // Fully optimised from the first call: a sampler runs these a handful of times per process, too few for tiered
    // compilation to leave tier 0 / on-stack-replacement code before the work is done.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe NeighbourList SelfWorker(TileOperands operands, int d, int k, int padded, int block, int blocks, float* shared, ref int next)
    {
        var list = new NeighbourList(padded, k);
        var batch = new PairBatch();
        float* buf = stackalloc float[DotTile.Size];
        fixed (float* worst = list.Worst)
        {
            int bi;
            // Early blocks have the most partner blocks (j ≥ i): handing them out first balances the cores.
            while ((bi = Interlocked.Increment(ref next)) < blocks)
                for (int bj = bi; bj < blocks; bj++)
                {
                    if (operands.Screened)
                        SelfBlockPairScreened(operands, d, block, bi, bj, list, shared, buf, batch);
                    else
                    {
                        // Column offers go to block bj's list rows, last touched a whole sweep over the candidates
                        // ago (out of L2): asking for them now hides those misses behind the block pair's distances.
                        list.Prefetch(bj * block, block);
                        SelfBlockPair(operands.Q, operands.C, d, block, bi, bj, list, worst, buf);
                    }
                }
            OfferBatch(batch, list, shared, operands, d);
        }
        return list;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void SelfBlockPair(float* q, float* c, int d, int block, int bi, int bj, NeighbourList list, float* worst, float* buf)
    {
        bool diagonal = bi == bj;
        for (int qt = 0; qt < block; qt += WideDistanceTile.QueryRows)
        {
            int qi = bi * block + qt;
            for (int ct = 0; ct < block; ct += DistanceTile.Candidates)
            {
                int cj = bj * block + ct;
                // Most tiles change no list: the screen on the accumulators skips the per-row masks for them.
                if (!WideDistanceTile.ComputeScreened(q + (long)qi * d, c + (long)cj * d, d, buf, worst + qi, diagonal ? null : worst + cj))
                    continue;
                OfferTile(list, worst, buf, qi, cj, diagonal, WideDistanceTile.QueryRows);
            }
        }
    }

    /// <summary>
    /// <see cref="SelfBlockPair"/> with the GEMM-form screen: lanes that pass are queued with their original rows,
    /// and the batch's exact distances are offered to both rows (to the query row only on a diagonal tile, where the
    /// mirrored pair has its own lane). The screen compares with <paramref name="worst"/>, shared by the workers: the
    /// smallest k-th distance any worker's list has held for the row. That is never below the row's final k-th (each
    /// worker's list is a subset of the candidates), so nothing that belongs in the merged list is screened out, and
    /// each worker passes fewer pairs than with its own list's thresholds (racy writes are harmless: every value
    /// written was some worker's k-th at some time, and thresholds are only read as upper bounds).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void SelfBlockPairScreened(TileOperands o, int d, int block, int bi, int bj, NeighbourList list, float* worst, float* screen, PairBatch batch)
    {
        bool diagonal = bi == bj;
        for (int qt = 0; qt < block; qt += DotTile.QueryRows)
        {
            int qi = bi * block + qt;
            for (int ct = 0; ct < block; ct += DistanceTile.Candidates)
            {
                int cj = bj * block + ct;
                float* columns = diagonal ? null : worst + cj;
                if (!DotTile.ComputeScreened(o.ScreenQ + (long)qi * d, o.ScreenC + (long)cj * d, d, screen, o.QNorms + qi, o.CNorms + cj, worst + qi, columns))
                    continue;
                batch.AddTile(screen, d, qi, cj, 0, worst + qi, columns, diagonal);
                if (batch.Count >= PairBatch.Due)
                    OfferBatch(batch, list, worst, o, d);
            }
        }
    }

    /// <summary>
    /// Computes the queued pairs' exact distances and offers each to its query row (and candidate row when marked):
    /// the symmetric cross search's batch step with this worker's one list and the shared thresholds.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void OfferBatch(PairBatch batch, NeighbourList list, float* shared, TileOperands o, int d) =>
        OfferSymmetricBatch(batch, new Span<NeighbourList>(ref list), shared, o, d);
}
