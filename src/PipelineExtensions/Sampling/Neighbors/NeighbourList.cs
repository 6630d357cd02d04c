using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>
/// The k nearest candidates of each of a set of rows, kept sorted by (squared distance, index): a total order, so
/// the final lists do not depend on the order in which candidates arrive (thread scheduling, tiling, symmetry).
/// </summary>
/// <remarks>
/// Each row's entries lie together: its distances, then its indices, each padded to a multiple of 8 (for k ≤ 8 one
/// 64-byte cache line per row, for k ≤ 16 two), so an offer touches one or two lines instead of two arrays' lines.
/// For k ≤ 16 with AVX2 an offer is branch-free: one compare of the new (distance, index) with all entries gives its
/// rank, and a lane permute shifts the later entries down by one (for k &gt; 8 the second vector takes the first's
/// last entry). Unused slots hold the sentinel (+∞, <see cref="int.MaxValue"/>).
/// </remarks>
internal sealed unsafe class NeighbourList
{
    private const int Lanes = 8;

    // Pinned (never moves), so rows are addressed by pointer; _storage keeps it alive.
    private readonly float[] _storage;
    private readonly float* _rows;
    private readonly int _half;
    private readonly bool _vector;
    private readonly bool _vector2;

    public NeighbourList(int rows, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        Rows = rows;
        K = k;
        _half = (k + Lanes - 1) / Lanes * Lanes;
        _vector = k <= Lanes && Avx2.IsSupported;
        _vector2 = k > Lanes && k <= 2 * Lanes && Avx2.IsSupported;
        long floats = (long)rows * 2 * _half;
        // 16 spare floats to start the first row on a 64-byte boundary.
        _storage = GC.AllocateUninitializedArray<float>(checked((int)(floats + 16)), pinned: true);
        float* start = (float*)Unsafe.AsPointer(ref _storage[0]);
        _rows = (float*)(((nint)start + 63) & ~(nint)63);
        for (int r = 0; r < rows; r++)
        {
            float* d = _rows + (nint)r * (2 * _half);
            new Span<float>(d, _half).Fill(float.PositiveInfinity);
            new Span<int>(d + _half, _half).Fill(int.MaxValue);
        }
        Worst = new float[rows];
        Worst.AsSpan().Fill(float.PositiveInfinity);
    }

    public int Rows { get; }

    public int K { get; }

    /// <summary>The largest kept distance per row (+∞ while the list is not full): the admission threshold.</summary>
    public float[] Worst { get; }

    /// <summary>Offers candidate <paramref name="index"/> at squared distance <paramref name="distance"/> (not NaN) to row <paramref name="row"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Offer(int row, float distance, int index)
    {
        if (_vector)
            OfferVector(row, distance, index);
        else if (_vector2)
            OfferVector2(row, distance, index);
        else
            OfferScalar(row, distance, index);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void OfferVector(int row, float distance, int index)
    {
        float* d = _rows + (nint)row * (2 * Lanes);
        var distances = Vector256.Load(d);
        var indices = Vector256.Load((int*)(d + Lanes));
        var nd = Vector256.Create(distance);
        var ni = Vector256.Create(index);
        // Entries that stay ahead of the new one; the list is sorted, so they are a prefix and their count is its rank.
        var ahead = Vector256.LessThan(distances, nd) | (Vector256.Equals(distances, nd) & Vector256.LessThan(indices, ni).AsSingle());
        int rank = BitOperations.PopCount(ahead.ExtractMostSignificantBits() & ((1u << K) - 1));
        if (rank >= K)
            return;
        var lane = Vector256<int>.Indices;
        var at = Vector256.Create(rank);
        // Lane j > rank takes lane j − 1; lane rank takes the new entry.
        var from = lane + Vector256.GreaterThan(lane, at);
        var here = Vector256.Equals(lane, at);
        Avx.BlendVariable(Avx2.PermuteVar8x32(distances, from), nd, here.AsSingle()).Store(d);
        Avx.BlendVariable(Avx2.PermuteVar8x32(indices, from).AsSingle(), ni.AsSingle(), here.AsSingle()).Store(d + Lanes);
        Worst[row] = d[K - 1];
    }

    // k in 9..16 (Borderline-SMOTE's m = 10): the same insertion over two vectors, 128 bytes per row.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private void OfferVector2(int row, float distance, int index)
    {
        float* d = _rows + (nint)row * (4 * Lanes);
        var d0 = Vector256.Load(d);
        var d1 = Vector256.Load(d + Lanes);
        var i0 = Vector256.Load((int*)(d + 2 * Lanes));
        var i1 = Vector256.Load((int*)(d + 3 * Lanes));
        var nd = Vector256.Create(distance);
        var ni = Vector256.Create(index);
        var ahead0 = Vector256.LessThan(d0, nd) | (Vector256.Equals(d0, nd) & Vector256.LessThan(i0, ni).AsSingle());
        var ahead1 = Vector256.LessThan(d1, nd) | (Vector256.Equals(d1, nd) & Vector256.LessThan(i1, ni).AsSingle());
        int rank = BitOperations.PopCount(ahead0.ExtractMostSignificantBits())
            + BitOperations.PopCount(ahead1.ExtractMostSignificantBits() & ((1u << (K - Lanes)) - 1));
        if (rank >= K)
            return;
        var lane = Vector256<int>.Indices;
        var at = Vector256.Create(rank);
        var previous = lane - Vector256<int>.One;
        // Global lane j > rank takes entry j − 1; in the second vector lane 0's predecessor is the first's lane 7.
        var from0 = lane + Vector256.GreaterThan(lane, at);
        var here0 = Vector256.Equals(lane, at).AsSingle();
        var lane1 = lane + Vector256.Create(Lanes);
        var shift1 = Vector256.GreaterThan(lane1, at).AsSingle();
        var here1 = Vector256.Equals(lane1, at).AsSingle();
        var last0 = Vector256.Create(Lanes - 1);
        var first1 = Vector256.Equals(lane, Vector256<int>.Zero).AsSingle();
        var shifted1 = Avx.BlendVariable(Avx2.PermuteVar8x32(d1, previous), Avx2.PermuteVar8x32(d0, last0), first1);
        var shiftedI1 = Avx.BlendVariable(Avx2.PermuteVar8x32(i1, previous).AsSingle(), Avx2.PermuteVar8x32(i0, last0).AsSingle(), first1);
        Avx.BlendVariable(Avx.BlendVariable(d1, shifted1, shift1), nd, here1).Store(d + Lanes);
        Avx.BlendVariable(Avx.BlendVariable(i1.AsSingle(), shiftedI1, shift1), ni.AsSingle(), here1).Store(d + 3 * Lanes);
        Avx.BlendVariable(Avx2.PermuteVar8x32(d0, from0), nd, here0).Store(d);
        Avx.BlendVariable(Avx2.PermuteVar8x32(i0, from0).AsSingle(), ni.AsSingle(), here0).Store(d + 2 * Lanes);
        Worst[row] = d[K - 1];
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private void OfferScalar(int row, float distance, int index)
    {
        float* d = _rows + (nint)row * (2 * _half);
        int* ix = (int*)(d + _half);
        int i = K - 1;
        float wd = d[i];
        if (distance > wd || (distance == wd && index >= ix[i]))
            return;
        while (i > 0)
        {
            float pd = d[i - 1];
            if (pd < distance || (pd == distance && ix[i - 1] < index))
                break;
            d[i] = pd;
            ix[i] = ix[i - 1];
            i--;
        }
        d[i] = distance;
        ix[i] = index;
        Worst[row] = d[K - 1];
    }

    /// <summary>
    /// Asks the cache for the entries of rows [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>):
    /// a search about to offer pairs to them hides the load latency behind its distance work.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(int first, int count)
    {
        if (!Sse.IsSupported)
            return;
        byte* p = (byte*)(_rows + (nint)first * (2 * _half)), end = p + (nint)count * (2 * _half) * sizeof(float);
        for (; p < end; p += 64)
            Sse.Prefetch0(p);
    }

    /// <summary>Offers every entry of <paramref name="other"/> (same shape) to this list.</summary>
    public void MergeFrom(NeighbourList other) => MergeRows(other, 0, Rows);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MergeRows(NeighbourList other, int first, int end)
    {
        for (int r = first; r < end; r++)
        {
            float* d = other._rows + (nint)r * (2 * _half);
            int* ix = (int*)(d + _half);
            for (int j = 0; j < K && ix[j] != int.MaxValue; j++)
                Offer(r, d[j], ix[j]);
        }
    }

    /// <summary>Rows from which <see cref="MergedIndices"/> splits its rows over the cores.</summary>
    internal const int ParallelMergeRows = 4096;

    /// <summary>
    /// The first <paramref name="rows"/> rows' neighbour indices (rows × k, nearest first) after merging every list of
    /// <paramref name="lists"/> (same shape) into <paramref name="lists"/>[0]: <see cref="MergeFrom"/> then
    /// <see cref="IndicesOf"/>, with large row counts split into contiguous parts over the cores (each row's offers
    /// are the same, in the same order, so the result is too).
    /// </summary>
    public static int[] MergedIndices(ReadOnlySpan<NeighbourList> lists, int rows)
    {
        var target = lists[0];
        var others = lists[1..].ToArray();
        var result = GC.AllocateUninitializedArray<int>(checked(rows * target.K));
        int parts = rows >= ParallelMergeRows ? Environment.ProcessorCount : 1;
        Parallel.For(0, parts, p =>
        {
            int first = (int)((long)rows * p / parts), end = (int)((long)rows * (p + 1) / parts);
            foreach (var other in others)
                target.MergeRows(other, first, end);
            target.CopyIndices(first, end, result);
        });
        return result;
    }

    /// <summary>The first <paramref name="rows"/> rows' neighbour indices, row-major (rows × k), nearest first.</summary>
    public int[] IndicesOf(int rows)
    {
        var result = GC.AllocateUninitializedArray<int>(checked(rows * K));
        CopyIndices(0, rows, result);
        return result;
    }

    private void CopyIndices(int first, int end, int[] result)
    {
        for (int r = first; r < end; r++)
            new ReadOnlySpan<int>(_rows + (nint)r * (2 * _half) + _half, K).CopyTo(result.AsSpan(r * K, K));
    }

    /// <summary>The first <paramref name="rows"/> rows' neighbour distances, row-major (rows × k), nearest first.</summary>
    public float[] DistancesOf(int rows)
    {
        var result = new float[checked(rows * K)];
        for (int r = 0; r < rows; r++)
            new ReadOnlySpan<float>(_rows + (nint)r * (2 * _half), K).CopyTo(result.AsSpan(r * K, K));
        return result;
    }
}
