using System.Runtime.CompilerServices;
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
    // (a batch holds pairs of one query array and one candidate segment); room to pad the last group of 4.
    private readonly int[] _queries = new int[Capacity + 4];
    private readonly int[] _candidates = new int[Capacity + 4];

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
        if (step == 1)
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

    // Matches DistanceTile's step lane for lane: fused where the vector kernel fuses.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Square(float t, float acc) => Fma.IsSupported ? MathF.FusedMultiplyAdd(t, t, acc) : acc + t * t;
}
