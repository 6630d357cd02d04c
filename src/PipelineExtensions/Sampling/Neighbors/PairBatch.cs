using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>
/// Pairs that passed the GEMM-form screen (<see cref="DotTile"/>), waiting for their exact distance. One pair's
/// direct distance is a chain of d dependent fused multiply-adds (~4 cycles each), and a screened tile holds ~2 such
/// pairs: computed one tile at a time the chains stall the core, so the searches queue pairs here and compute four
/// chains side by side once <see cref="Due"/> are pending. The lists' thresholds lag meanwhile, which only lets a
/// few more pairs through the screen (thresholds never grow, so no pair that belongs in a list is missed).
/// </summary>
internal sealed unsafe class PairBatch
{
    /// <summary>Pending pairs at which the searches compute the batch.</summary>
    public const int Due = 16;

    // A tile adds at most 64 pairs to fewer than Due pending ones.
    private const int Capacity = Due + DotTile.Size;

    // Element offsets of each pair's query row from the query base and candidate lane from the candidate base
    // (a batch holds pairs of one query array and one candidate segment); room to pad the last group of 8.
    private readonly int[] _queries = new int[Capacity + 8];
    private readonly int[] _candidates = new int[Capacity + 8];

    /// <summary>The query row of each pending pair.</summary>
    public int[] Rows { get; } = new int[Capacity];

    /// <summary>The candidate index of each pending pair.</summary>
    public int[] Candidates { get; } = new int[Capacity];

    /// <summary>Whether the pair is also offered to the candidate's own list (symmetric search off the diagonal).</summary>
    public bool[] Both { get; } = new bool[Capacity];

    /// <summary>The exact distances, after <see cref="Compute"/>.</summary>
    public float[] Distances { get; } = new float[Capacity];

    public int Count { get; private set; }

    /// <summary>Queues a pair: <paramref name="q"/> the offset of the original query row (row-major), <paramref name="c"/> that of the candidate's packed lane (stride 8).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int q, int c, int row, int candidate, bool both)
    {
        int i = Count++;
        _queries[i] = q;
        _candidates[i] = c;
        Rows[i] = row;
        Candidates[i] = candidate;
        Both[i] = both;
    }

    /// <summary>
    /// Queues the lanes of a screened 6×16 tile (<paramref name="screen"/>) that may be ≤ their row's threshold or,
    /// with <paramref name="columnThresholds"/>, their candidate's; on a <paramref name="diagonal"/> tile a row never
    /// meets itself. Candidate indices are <paramref name="offset"/> + <paramref name="cj"/> + lane; the original rows
    /// are read at query row <paramref name="qi"/> and candidate <paramref name="cj"/> of the bases given to <see cref="Compute"/>:
    /// packed rows, or with <paramref name="step"/> 1 row-major ones, candidate c at row <paramref name="map"/>[c] (c without a map).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddTile(float* screen, int d, int qi, int cj, int offset, float* rowThresholds, float* columnThresholds, bool diagonal, int step = PackedRows.Lanes, int[]? map = null)
    {
        for (int r = 0; r < DotTile.QueryRows; r++)
        {
            int i = qi + r;
            uint m = DistanceTile.RowMask(screen, r, rowThresholds[r]);
            if (columnThresholds != null)
                m |= DistanceTile.ColumnMask(screen, r, columnThresholds);
            if (diagonal && (uint)(i - cj) < DistanceTile.Candidates)
                m &= ~(1u << (i - cj));
            int qr = i * d;
            while (m != 0)
            {
                int l = System.Numerics.BitOperations.TrailingZeroCount(m);
                m &= m - 1;
                int c = (int)PackedRows.Start(cj + l, d, step, map);
                Add(qr, c, i, offset + cj + l, columnThresholds != null);
            }
        }
    }

    public void Clear() => Count = 0;

    /// <summary>
    /// Each pending pair's direct distance in the direct kernel's order — t = q_f − c_f, acc = fma(t, t, acc),
    /// f = 0..d−1 from 0 — so bit for bit <see cref="DistanceTile"/>'s value, from the original query rows at
    /// <paramref name="q"/> and candidates at <paramref name="c"/>: packed, or row-major with <paramref name="step"/> 1
    /// (the same values, so the same distances). Four independent scalar chains per pass: eight-lane gathers
    /// measured twice as slow here (Zen 3 gathers), one chain at a time is latency-bound.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Compute(float* q, float* c, int d, int step = PackedRows.Lanes)
    {
        // Each step a constant in its own inlined copy of the loop.
        if (step == 1 && d >= 8 && Fma.IsSupported)
            ComputeTransposed(q, c, d);
        else if (step == 1)
            ComputeStrided(q, c, d, 1);
        else
            ComputeStrided(q, c, d, PackedRows.Lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ComputeStrided(float* q, float* c, int d, int step)
    {
        int n = Count;
        // A short last group repeats pair 0 (its extra results are not stored).
        for (int p = n; p < (n + 3) / 4 * 4; p++)
        {
            _queries[p] = _queries[0];
            _candidates[p] = _candidates[0];
        }
        for (int p = 0; p < n; p += 4)
        {
            float* q0 = q + _queries[p], c0 = c + _candidates[p];
            float* q1 = q + _queries[p + 1], c1 = c + _candidates[p + 1];
            float* q2 = q + _queries[p + 2], c2 = c + _candidates[p + 2];
            float* q3 = q + _queries[p + 3], c3 = c + _candidates[p + 3];
            float a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            for (int f = 0; f < d; f++)
            {
                float t0 = q0[f] - c0[step * f];
                float t1 = q1[f] - c1[step * f];
                float t2 = q2[f] - c2[step * f];
                float t3 = q3[f] - c3[step * f];
                a0 = Square(t0, a0);
                a1 = Square(t1, a1);
                a2 = Square(t2, a2);
                a3 = Square(t3, a3);
            }
            Distances[p] = a0;
            if (p + 1 < n) Distances[p + 1] = a1;
            if (p + 2 < n) Distances[p + 2] = a2;
            if (p + 3 < n) Distances[p + 3] = a3;
        }
    }

    /// <summary>
    /// Row-major rows, eight pairs per pass: each pair's differences t = q_f − c_f eight features at a time (the same
    /// float subtractions), transposed so that lane i holds pair i's feature, then one fused multiply-add per feature
    /// for all eight chains, in feature order: lane for lane the scalar chain, eight chains instead of four in flight.
    /// Features past the last multiple of 8 continue each chain in scalar form.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ComputeTransposed(float* q, float* c, int d)
    {
        int n = Count, whole = d & ~7;
        // A short last group repeats pair 0 (its extra results are not stored).
        for (int p = n; p < (n + 7) / 8 * 8; p++)
        {
            _queries[p] = _queries[0];
            _candidates[p] = _candidates[0];
        }
        float* acc = stackalloc float[8];
        fixed (int* qs = _queries, cs = _candidates)
            for (int p = 0; p < n; p += 8)
            {
                float* q0 = q + qs[p], q1 = q + qs[p + 1], q2 = q + qs[p + 2], q3 = q + qs[p + 3];
                float* q4 = q + qs[p + 4], q5 = q + qs[p + 5], q6 = q + qs[p + 6], q7 = q + qs[p + 7];
                float* c0 = c + cs[p], c1 = c + cs[p + 1], c2 = c + cs[p + 2], c3 = c + cs[p + 3];
                float* c4 = c + cs[p + 4], c5 = c + cs[p + 5], c6 = c + cs[p + 6], c7 = c + cs[p + 7];
                var a = Vector256<float>.Zero;
                for (int f = 0; f < whole; f += 8)
                {
                    var t0 = Avx.Subtract(Avx.LoadVector256(q0 + f), Avx.LoadVector256(c0 + f));
                    var t1 = Avx.Subtract(Avx.LoadVector256(q1 + f), Avx.LoadVector256(c1 + f));
                    var t2 = Avx.Subtract(Avx.LoadVector256(q2 + f), Avx.LoadVector256(c2 + f));
                    var t3 = Avx.Subtract(Avx.LoadVector256(q3 + f), Avx.LoadVector256(c3 + f));
                    var t4 = Avx.Subtract(Avx.LoadVector256(q4 + f), Avx.LoadVector256(c4 + f));
                    var t5 = Avx.Subtract(Avx.LoadVector256(q5 + f), Avx.LoadVector256(c5 + f));
                    var t6 = Avx.Subtract(Avx.LoadVector256(q6 + f), Avx.LoadVector256(c6 + f));
                    var t7 = Avx.Subtract(Avx.LoadVector256(q7 + f), Avx.LoadVector256(c7 + f));
                    // 8×8 transpose: u_j lane i = pair i's feature f + j.
                    var l01 = Avx.UnpackLow(t0, t1);
                    var h01 = Avx.UnpackHigh(t0, t1);
                    var l23 = Avx.UnpackLow(t2, t3);
                    var h23 = Avx.UnpackHigh(t2, t3);
                    var l45 = Avx.UnpackLow(t4, t5);
                    var h45 = Avx.UnpackHigh(t4, t5);
                    var l67 = Avx.UnpackLow(t6, t7);
                    var h67 = Avx.UnpackHigh(t6, t7);
                    var s0 = Avx.Shuffle(l01, l23, 0x44);
                    var s1 = Avx.Shuffle(l01, l23, 0xEE);
                    var s2 = Avx.Shuffle(h01, h23, 0x44);
                    var s3 = Avx.Shuffle(h01, h23, 0xEE);
                    var s4 = Avx.Shuffle(l45, l67, 0x44);
                    var s5 = Avx.Shuffle(l45, l67, 0xEE);
                    var s6 = Avx.Shuffle(h45, h67, 0x44);
                    var s7 = Avx.Shuffle(h45, h67, 0xEE);
                    var u0 = Avx.Permute2x128(s0, s4, 0x20);
                    var u1 = Avx.Permute2x128(s1, s5, 0x20);
                    var u2 = Avx.Permute2x128(s2, s6, 0x20);
                    var u3 = Avx.Permute2x128(s3, s7, 0x20);
                    var u4 = Avx.Permute2x128(s0, s4, 0x31);
                    var u5 = Avx.Permute2x128(s1, s5, 0x31);
                    var u6 = Avx.Permute2x128(s2, s6, 0x31);
                    var u7 = Avx.Permute2x128(s3, s7, 0x31);
                    a = Fma.MultiplyAdd(u0, u0, a);
                    a = Fma.MultiplyAdd(u1, u1, a);
                    a = Fma.MultiplyAdd(u2, u2, a);
                    a = Fma.MultiplyAdd(u3, u3, a);
                    a = Fma.MultiplyAdd(u4, u4, a);
                    a = Fma.MultiplyAdd(u5, u5, a);
                    a = Fma.MultiplyAdd(u6, u6, a);
                    a = Fma.MultiplyAdd(u7, u7, a);
                }
                Avx.Store(acc, a);
                int last = Math.Min(8, n - p);
                for (int i = 0; i < last; i++)
                {
                    float sum = acc[i];
                    float* qi = q + qs[p + i], ci = c + cs[p + i];
                    for (int f = whole; f < d; f++)
                        sum = Square(qi[f] - ci[f], sum);
                    Distances[p + i] = sum;
                }
            }
    }

    // Matches DistanceTile's step lane for lane: fused where the vector kernel fuses.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Square(float t, float acc) => Fma.IsSupported ? MathF.FusedMultiplyAdd(t, t, acc) : acc + t * t;
}
