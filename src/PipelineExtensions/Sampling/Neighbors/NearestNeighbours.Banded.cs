using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>
/// The screened Self search in band order. Rows are reordered so that nearby rows share blocks (<see cref="GroupOrder"/>),
/// and block pairs are handed out by their distance from the diagonal: first every block with itself, then with its
/// neighbour, and so on. Each row's threshold then starts from the k-th distance among nearby rows instead of +∞ and
/// tightens fastest where it matters, so far fewer pairs pass the screen into an exact recompute and an offer than in
/// row-block order (where a row meets its candidates in an order unrelated to distance).
/// </summary>
internal static partial class NearestNeighbours
{
    /// <summary>
    /// The Self search on <paramref name="n"/> rows of <paramref name="rows"/> with the GEMM-form screen, in band order;
    /// null when no screen can be used (a non-finite or too large row). Lists hold original row indices, so ties break
    /// as in every other search and the result is the same.
    /// </summary>
    internal static unsafe int[]? SelfBanded(ReadOnlySpan<float> rows, int n, int d, int k)
    {
        int block = BlockRows(d), padded = PaddedRows.Count(n, block), blocks = padded / block;
        var order = GroupOrder(rows, n, d);
        // Pooled: the caller's rows stay as they are (SMOTE interpolates from them afterwards).
        var permuted = System.Buffers.ArrayPool<float>.Shared.Rent(n * d);
        try
        {
            for (int p = 0; p < n; p++)
                rows.Slice(order[p] * d, d).CopyTo(permuted.AsSpan(p * d, d));
            var segments = new[] { new PackedRows(permuted, null, n, d) };
            using var screened = ScreenedSegments.TryCreate(permuted, n, padded, d, segments);
            if (screened == null)
                return null;
            int workers = Math.Max(1, Math.Min(Environment.ProcessorCount, blocks));
            var lists = new NeighbourList[workers];
            // One threshold per row shared by the workers, as in the screened symmetric search (see OfferBandBatch).
            var shared = GC.AllocateUninitializedArray<float>(padded);
            shared.AsSpan().Fill(float.PositiveInfinity);
            long next = -1;
            using (var pinned = new PinnedSegments(segments, unpacked: true))
            fixed (float* q = permuted, sharedWorst = shared)
            {
                var o = screened.Operands(q, (float*)pinned.Bases[0], 0, segments[0].Step, segments[0].Map);
                var qo = screened.Quantized(0);
                float* sw = sharedWorst;
                int candidates = segments[0].PaddedCount;
                Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
                    lists[w] = BandedWorker(o, qo, d, k, block, blocks, candidates, padded, sw, order, ref next));
            }
            // Row p of the lists is original row order[p].
            var merged = NeighbourList.MergedIndices(lists, n);
            var result = GC.AllocateUninitializedArray<int>(n * k);
            for (int p = 0; p < n; p++)
                merged.AsSpan(p * k, k).CopyTo(result.AsSpan(order[p] * k, k));
            return result;
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(permuted);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe NeighbourList BandedWorker(TileOperands o, QuantOperands qo, int d, int k, int block, int blocks, int candidates, int padded, float* shared, int[] order, ref long next)
    {
        var list = new NeighbourList(padded, k);
        var batch = new PairBatch();
        float* buf = stackalloc float[DotTile.Size];
        long total = (long)blocks * (blocks + 1) / 2, t;
        // Band b holds the block pairs (i, i + b), i < blocks − b; t counts them band after band.
        int band = 0;
        long bandStart = 0, bandEnd = blocks;
        while ((t = Interlocked.Increment(ref next)) < total)
        {
            while (t >= bandEnd)
            {
                band++;
                bandStart = bandEnd;
                bandEnd += blocks - band;
            }
            int bi = (int)(t - bandStart);
            BandedBlockPair(o, qo, d, block, bi, bi + band, candidates, list, shared, buf, batch, order);
        }
        OfferBandBatch(batch, list, shared, o, d, order);
        return list;
    }

    /// <summary>Block <paramref name="bi"/>'s query tiles against block <paramref name="bj"/>'s candidates (bj ≥ bi), screened, queued, offered to both rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void BandedBlockPair(TileOperands o, QuantOperands qo, int d, int block, int bi, int bj, int candidates, NeighbourList list, float* shared, float* buf, PairBatch batch, int[] order)
    {
        bool diagonal = bi == bj;
        int end = Math.Min(candidates, (bj + 1) * block);
        for (int qt = 0; qt < block; qt += DotTile.QueryRows)
        {
            int qi = bi * block + qt;
            for (int cj = bj * block; cj < end; cj += DistanceTile.Candidates)
            {
                float* columns = diagonal ? null : shared + cj;
                if (qo.Usable
                    ? !qo.Screen(qi, cj, buf, shared + qi, columns)
                    : !ScreenTile(o, d, qi, cj, buf, shared + qi, columns))
                    continue;
                batch.AddTile(buf, d, qi, cj, 0, shared + qi, columns, diagonal, o.CStep, o.CMap);
                if (batch.Count >= PairBatch.Due)
                    OfferBandBatch(batch, list, shared, o, d, order);
            }
        }
    }

    /// <summary>
    /// Computes the queued pairs' exact distances and offers each to its query row (and candidate row when marked) under
    /// the original index of the other row. A pair is offered only when its distance is at most the row's shared
    /// threshold: that threshold is always some list's k-th distance at some time (or +∞), a k-th among some of the
    /// row's candidates, so never below the row's final k-th; a pair above it cannot be among the row's k nearest,
    /// and every pair that is reaches this worker's list and stays there (its list sees a subset of the candidates).
    /// The merge of the workers' lists is then exact. Racy updates only leave a threshold looser than it could be.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void OfferBandBatch(PairBatch batch, NeighbourList list, float* shared, TileOperands o, int d, int[] order)
    {
        if (batch.Count == 0)
            return;
        batch.Compute(o.Q, o.C, d, o.CStep);
        var worst = list.Worst;
        for (int p = 0; p < batch.Count; p++)
        {
            int i = batch.Rows[p], j = batch.Candidates[p];
            float distance = batch.Distances[p];
            if (distance <= shared[i])
            {
                list.Offer(i, distance, order[j]);
                if (worst[i] < shared[i])
                    shared[i] = worst[i];
            }
            if (batch.Both[p] && distance <= shared[j])
            {
                list.Offer(j, distance, order[i]);
                if (worst[j] < shared[j])
                    shared[j] = worst[j];
            }
        }
        batch.Clear();
    }

    // Sign bits of the projections that order the rows (256 cells).
    private const int GroupBits = 8;

    /// <summary>
    /// The rows ordered by their cell: the signs of (x − c)·w_b for <see cref="GroupBits"/> fixed random directions w_b,
    /// c the mean of a sample of the rows (the centre only places the cuts: any point near the middle serves).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int[] GroupOrder(ReadOnlySpan<float> rows, int n, int d)
    {
        // Direction b's weight for feature f at [8f + b]: one broadcast multiply-add per feature gives all 8 projections.
        var rng = new SeededRandom(0x5E1F);
        var w = new Vector256<float>[d];
        for (int f = 0; f < d; f++)
            w[f] = Vector256.Create((float)rng.NextGaussian(), (float)rng.NextGaussian(), (float)rng.NextGaussian(), (float)rng.NextGaussian(),
                (float)rng.NextGaussian(), (float)rng.NextGaussian(), (float)rng.NextGaussian(), (float)rng.NextGaussian());
        int stride = Math.Max(1, n / 4096), sampled = 0;
        var sum = new double[d];
        for (int i = 0; i < n; i += stride, sampled++)
            for (int f = 0; f < d; f++)
                sum[f] += rows[i * d + f];
        var centre = Vector256<float>.Zero;
        for (int f = 0; f < d; f++)
            centre += Vector256.Create((float)(sum[f] / sampled)) * w[f];
        var codes = GC.AllocateUninitializedArray<byte>(n);
        fixed (float* start = rows)
        {
            float* x0 = start;
            FeatureCopy.ForEachPart(n, FeatureCopy.PartsFor(n, d), (part, first, end) =>
            {
                for (int i = first; i < end; i++)
                {
                    float* x = x0 + (long)i * d;
                    var acc = Vector256<float>.Zero;
                    for (int f = 0; f < d; f++)
                        acc += Vector256.Create(x[f]) * w[f];
                    // Only the cell depends on these sums: rounding (or a NaN row) moves a row to another cell.
                    codes[i] = (byte)Vector256.GreaterThan(acc, centre).ExtractMostSignificantBits();
                }
            });
        }
        var counts = new int[(1 << GroupBits) + 1];
        foreach (byte code in codes)
            counts[code + 1]++;
        for (int c = 1; c < counts.Length; c++)
            counts[c] += counts[c - 1];
        var order = GC.AllocateUninitializedArray<int>(n);
        for (int i = 0; i < n; i++)
            order[counts[codes[i]]++] = i;
        return order;
    }
}
