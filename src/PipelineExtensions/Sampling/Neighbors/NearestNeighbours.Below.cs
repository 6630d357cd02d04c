using System.Runtime.CompilerServices;

namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>
/// The search for each query's nearest candidates below a bound of its own, known before the search starts
/// (<see cref="ClassSearch.TrySplit"/>: the other-class rows nearer than a class row's j-th same-class neighbour).
/// Every query row starts at its final screen threshold instead of +∞, and no query's list is shared between workers
/// (each worker sweeps all candidates for its own query blocks), so nothing is merged at the end.
/// </summary>
internal static partial class NearestNeighbours
{
    /// <summary>
    /// For each of <paramref name="nq"/> query rows (row-major), the squared distances of its <paramref name="k"/>
    /// nearest rows of <paramref name="candidates"/> that lie strictly below <paramref name="bounds"/>[i], ascending,
    /// +∞ where fewer are; row-major nq × k. Distances are the direct kernel's, bit for bit. Null when no GEMM-form
    /// screen can be used for these rows (a non-finite or too large value): the caller searches another way.
    /// <paramref name="int8First"/> (tests) tries the 8-bit screen before the 16-bit one; <paramref name="preVerdict"/>
    /// false (tests) leaves out the 16-bit screen's integer pre-verdict (<see cref="Int16Bounds"/>). <paramref name="cascade"/>
    /// (tests; default <see cref="WideKernels.Enabled"/>) puts the 8-bit screen in front of the pre-verdict's 16-bit
    /// kernel: a tile goes to the 16-bit kernel only when the 8-bit one passes it.
    /// </summary>
    /// <remarks>
    /// The cascade: each screen's value is a lower bound of the exact distance, so a tile the 8-bit screen rejects
    /// holds no pair at or below its row's threshold, and skipping it changes no list (a pair the 16-bit screen alone
    /// would have passed is rejected by the exact recompute). Where it passes, the 16-bit kernel's values pick the pairs
    /// as without the cascade. At 100,000 × 32 (Borderline-SMOTE's bounds) the 8-bit screen passes 2.2 % of the tiles
    /// and its AVX-512 kernel runs ~1.75× the 16-bit one's rate (benchmarks README, AVX-512 pass).
    /// </remarks>
    internal static unsafe float[]? NearestBelow(float[] queries, int nq, int d, PackedRows candidates, float[] bounds, int k, bool int8First = false, bool preVerdict = true, bool? cascade = null)
    {
        if (bounds.Length < nq)
            throw new ArgumentException($"{bounds.Length} bounds for {nq} queries.", nameof(bounds));
        int block = BlockRows(d), padded = PaddedRows.Count(nq, block), blocks = padded / block;
        var segments = new[] { candidates };
        using var screened = ScreenedSegments.TryCreate(queries, nq, padded, d, segments, int8First);
        if (screened == null)
            return null;
        var list = new NeighbourList(padded, k);
        // Padding rows take −∞: nothing passes for them.
        var limits = GC.AllocateUninitializedArray<float>(padded);
        bounds.AsSpan(0, nq).CopyTo(limits);
        limits.AsSpan(nq).Fill(float.NegativeInfinity);
        int workers = Math.Max(1, Math.Min(Environment.ProcessorCount, blocks));
        int next = -1;
        using (var pinned = new PinnedSegments(segments, unpacked: true))
        fixed (float* q = queries)
        {
            var o = screened.Operands(q, (float*)pinned.Bases[0], 0, candidates.Step, candidates.Map);
            var qo = screened.Quantized(0);
            int count = candidates.PaddedCount;
            // The thresholds never rise above the bounds: the 16-bit screen can reject most tiles in integers.
            var bounded = preVerdict ? Int16Bounds.TryCreate(qo, nq, padded, candidates.Count, count, limits) : null;
            using var first = bounded != null && (cascade ?? WideKernels.Enabled) ? screened.Int8Cascade(queries, nq, padded, d, segments) : null;
            var bytes = first?.Quantized(0) ?? default;
            // Each row's screen threshold, min(bound, k-th distance), kept up to date by the offers (rows are disjoint
            // between workers), so the block loop reads it instead of recomputing it for every chunk.
            var screen = (float[])limits.Clone();
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
                BelowWorker(o, qo, bytes, bounded, d, block, blocks, count, list, limits, screen, ref next));
        }
        return list.DistancesOf(nq);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void BelowWorker(TileOperands o, QuantOperands qo, QuantOperands bytes, Int16Bounds? bounded, int d, int block, int blocks, int candidates, NeighbourList list, float[] limits, float[] screen, ref int next)
    {
        float* buf = stackalloc float[DotTile.Size];
        var batch = new PairBatch();
        int bi;
        fixed (float* limit = limits, thresholds = screen)
        fixed (int* rowBounds = bounded?.Rows, offsets = bounded?.NegatedCandidates)
            while ((bi = Interlocked.Increment(ref next)) < blocks)
                BelowBlock(o, qo, bytes, rowBounds, offsets, d, block, bi, candidates, list, limit, buf, thresholds, batch);
    }

    /// <summary>
    /// Query block <paramref name="bi"/> against every candidate, in chunks that stay in L1 while each query tile of the
    /// block passes over them (as <see cref="CrossBlock"/>). A row's screen threshold (<paramref name="thresholds"/>, by
    /// row) is the smaller of its bound and its list's k-th distance: a candidate above either enters nothing.
    /// <paramref name="bytes"/>, when it holds the 8-bit screen's operands, is the cascade's first stage.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void BelowBlock(TileOperands o, QuantOperands qo, QuantOperands bytes, int* rowBounds, int* offsets, int d, int block, int bi, int candidates, NeighbourList list, float* limit, float* buf, float* thresholds, PairBatch batch)
    {
        const int chunk = 64;
        const int step = DotTile.QueryRows;
        bool integer = qo.Usable;
        long rowBytes = integer ? qo.RowBytes : (long)d * sizeof(float);
        long slice = chunk * rowBytes / (block / step);
        for (int c0 = 0; c0 < candidates; c0 += chunk)
        {
            int c1 = Math.Min(candidates, c0 + chunk);
            byte* ahead = c1 >= candidates ? null : integer ? qo.CandidateBytes + c1 * rowBytes : (byte*)(o.ScreenC + (long)c1 * d);
            for (int qt = 0; qt < block; qt += step)
            {
                int qi = bi * block + qt;
                if (ahead != null)
                    PrefetchSlice(ahead + slice * (qt / step), slice);
                if (rowBounds != null)
                {
                    short* qRows = qo.Q + qi * 2L * qo.Pairs;
                    for (int cj = c0; cj < c1;)
                    {
                        int tiles = (c1 - cj) / DistanceTile.Candidates;
                        if (bytes.Bytes)
                        {
                            // The cascade: the 16-bit kernel sees only the first tile the 8-bit one passes.
                            int passed = Int8Tile.FirstPassing(bytes.Q8 + qi * 4L * bytes.Quads, bytes.C8 + cj * 4L * bytes.Quads, bytes.Quads, tiles,
                                bytes.QNorms + qi, bytes.CNorms + cj, bytes.QFactors + qi, bytes.CFactors + cj, bytes.COffsets + cj, thresholds + qi, buf);
                            if (passed == tiles)
                                break;
                            cj += passed * DistanceTile.Candidates;
                            tiles = 1;
                        }
                        int hit = Int16Tile.ComputeScreenedBounded(qRows, qo.C + cj * 2L * qo.Pairs, qo.Pairs, tiles, buf, qo.QNorms + qi, qo.CNorms + cj, qo.Scale, thresholds + qi, rowBounds + qi, offsets + cj);
                        if (hit == tiles)
                        {
                            cj += tiles * DistanceTile.Candidates;
                            continue;
                        }
                        int at = cj + hit * DistanceTile.Candidates;
                        batch.AddTile(buf, d, qi, at, 0, thresholds + qi, null, false, o.CStep, o.CMap);
                        if (batch.Count >= PairBatch.Due)
                            OfferBelowBatch(batch, list, limit, thresholds, o, d);
                        cj = at + DistanceTile.Candidates;
                    }
                    continue;
                }
                for (int cj = c0; cj < c1; cj += DistanceTile.Candidates)
                {
                    if (integer
                        ? !qo.Screen(qi, cj, buf, thresholds + qi, null)
                        : !ScreenTile(o, d, qi, cj, buf, thresholds + qi, null))
                        continue;
                    batch.AddTile(buf, d, qi, cj, 0, thresholds + qi, null, false, o.CStep, o.CMap);
                    if (batch.Count >= PairBatch.Due)
                        OfferBelowBatch(batch, list, limit, thresholds, o, d);
                }
            }
        }
        OfferBelowBatch(batch, list, limit, thresholds, o, d);
    }

    /// <summary>Offers the queued pairs' exact distances that lie strictly below their query row's bound, and lowers the rows' screen thresholds to their lists' k-th distances.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void OfferBelowBatch(PairBatch batch, NeighbourList list, float* limit, float* thresholds, TileOperands o, int d)
    {
        if (batch.Count == 0)
            return;
        batch.Compute(o.Q, o.C, d, o.CStep);
        var worst = list.Worst;
        for (int p = 0; p < batch.Count; p++)
        {
            int i = batch.Rows[p];
            float distance = batch.Distances[p];
            if (distance < limit[i])
            {
                list.Offer(i, distance, batch.Candidates[p]);
                if (worst[i] < thresholds[i])
                    thresholds[i] = worst[i];
            }
        }
        batch.Clear();
    }
}
