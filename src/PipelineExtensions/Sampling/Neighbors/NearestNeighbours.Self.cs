using System.Runtime.CompilerServices;

namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>The search of a set of rows among themselves (SMOTE, Tomek links, ENN): each pair is computed once for both rows.</summary>
internal static partial class NearestNeighbours
{
    /// <summary>
    /// Rows from which the Self search screens its tiles (<see cref="SelfBanded"/>) instead of computing each one
    /// directly: each pair that passes the screen costs an exact recompute, which small searches do not win back.
    /// Measured in the benchmarks README (Self-search offers pass).
    /// </summary>
    internal const int BandedMinRows = 12_288;

    /// <summary>
    /// The <paramref name="k"/> nearest other rows of each of <paramref name="n"/> rows (row-major, <paramref name="d"/>
    /// features), excluding the row itself. Each pair's distance is computed once and offered to both rows.
    /// </summary>
    /// <returns>Neighbour indices, row-major n × k, nearest first.</returns>
    public static unsafe int[] Self(ReadOnlySpan<float> rows, int n, int d, int k) =>
        KdTreeSearch.TrySelf(rows, n, d, k) ?? Self(rows, n, d, k, screen: null);

    /// <summary>
    /// <see cref="Self(ReadOnlySpan{float}, int, int, int)"/>; <paramref name="screen"/> true forces the screened
    /// search (<see cref="SelfBanded"/>, where a screen is usable), false the direct kernel on every tile, null chooses
    /// by size (<see cref="BandedMinRows"/>).
    /// </summary>
    internal static int[] Self(ReadOnlySpan<float> rows, int n, int d, int k, bool? screen)
    {
        if ((screen ?? n >= BandedMinRows) && SelfBanded(rows, n, d, k) is { } banded)
            return banded;
        var queries = PaddedRows.Create(rows, n, d, BlockRows(d));
        return SelfPadded(queries, n, queries.Length / d, d, k);
    }

    /// <summary>Floats a buffer for <see cref="SelfInPlace"/> needs: <paramref name="n"/> rows padded to whole search blocks.</summary>
    internal static int PaddedLength(int n, int d) => checked(PaddedRows.Count(n, BlockRows(d)) * d);

    /// <summary>
    /// <see cref="Self(ReadOnlySpan{float}, int, int, int)"/> on the <paramref name="n"/> rows at the start of
    /// <paramref name="buffer"/> (at least <see cref="PaddedLength"/> floats, caller-owned scratch): the direct search
    /// writes its padding rows as NaN after the rows instead of copying them into a new padded array. The rows
    /// themselves are left as they are.
    /// </summary>
    internal static int[] SelfInPlace(float[] buffer, int n, int d, int k)
    {
        int length = PaddedLength(n, d);
        if (buffer.Length < length)
            throw new ArgumentException($"Sampler bug: the search buffer holds {buffer.Length} floats, {length} needed.", nameof(buffer));
        var tree = KdTreeSearch.TrySelf(buffer.AsSpan(0, n * d), n, d, k);
        if (tree != null)
            return tree;
        if (n >= BandedMinRows && SelfBanded(buffer.AsSpan(0, n * d), n, d, k) is { } banded)
            return banded;
        buffer.AsSpan(n * d, length - n * d).Fill(float.NaN);
        return SelfPadded(buffer, n, length / d, d, k);
    }

    /// <summary>The direct search on <paramref name="queries"/>: <paramref name="n"/> rows then NaN rows up to <paramref name="padded"/>, a whole number of blocks.</summary>
    private static unsafe int[] SelfPadded(float[] queries, int n, int padded, int d, int k)
    {
        int block = BlockRows(d);
        // Pooled: a fresh array would fault its pages in on this thread before the workers start.
        var packing = System.Buffers.ArrayPool<float>.Shared.Rent(PackedRows.LengthFor(padded, d));
        var lists = new NeighbourList[Math.Max(1, Math.Min(Environment.ProcessorCount, padded / block))];
        try
        {
            var packed = new PackedRows(queries, padded, d, packing);
            int blocks = padded / block;
            int workers = lists.Length;
            int next = -1;
            fixed (float* qBase = queries, cBase = packed.Data)
            {
                float* q = qBase, c = cBase;
                Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
                    lists[w] = SelfWorker(q, c, d, k, padded, block, blocks, ref next));
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
    private static unsafe NeighbourList SelfWorker(float* q, float* c, int d, int k, int padded, int block, int blocks, ref int next)
    {
        var list = new NeighbourList(padded, k);
        float* buf = stackalloc float[DotTile.Size];
        fixed (float* worst = list.Worst)
        {
            int bi;
            // Early blocks have the most partner blocks (j ≥ i): handing them out first balances the cores.
            while ((bi = Interlocked.Increment(ref next)) < blocks)
                for (int bj = bi; bj < blocks; bj++)
                {
                    // Column offers go to block bj's list rows, last touched a whole sweep over the candidates
                    // ago (out of L2): asking for them now hides those misses behind the block pair's distances.
                    list.Prefetch(bj * block, block);
                    SelfBlockPair(q, c, d, block, bi, bj, list, worst, buf);
                }
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
}
