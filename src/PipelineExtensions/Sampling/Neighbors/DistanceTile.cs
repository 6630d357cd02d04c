using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>
/// The inner kernel: squared Euclidean distances between 4 query rows (row-major) and 16 candidates (two packed
/// blocks of 8), summed feature by feature as Σ (q_f − c_f)² with fused multiply-adds. The direct difference form
/// is as fast as the ‖q‖² + ‖c‖² − 2q·c (GEMM) form on this CPU — subtractions run on the add pipes beside the
/// FMA pipes — and has no cancellation, so near neighbours rank as the exact distances do; and d(i, j) = d(j, i)
/// bit for bit, which the symmetric search relies on.
/// </summary>
internal static class DistanceTile
{
    public const int QueryRows = 4;
    public const int Candidates = 16;

    /// <summary>
    /// Writes the 4×16 squared distances to <paramref name="result"/> (row r at [16r, 16r + 16)) and screens the
    /// accumulators while they are still in registers: whether any of the 64 distances is ≤ its query row's
    /// threshold (<paramref name="rowThresholds"/>[r]) or, when <paramref name="columnThresholds"/> is not null, ≤ its
    /// candidate's threshold (<paramref name="columnThresholds"/>[lane]). False means no neighbour list can change, so
    /// the caller skips the per-row masks; the distances are written either way.
    /// </summary>
    /// <param name="q">First of 4 consecutive query rows of <paramref name="d"/> floats.</param>
    /// <param name="c">First of 2 consecutive packed blocks (8 lanes × d features each).</param>
    /// <param name="d">Features per row.</param>
    /// <param name="result">64 floats.</param>
    /// <param name="rowThresholds">4 floats: each query row's admission threshold.</param>
    /// <param name="columnThresholds">16 floats (each candidate's threshold), or null to screen the rows only.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe bool ComputeScreened(float* q, float* c, int d, float* result, float* rowThresholds, float* columnThresholds)
    {
        var a00 = Vector256<float>.Zero; var a01 = Vector256<float>.Zero;
        var a10 = Vector256<float>.Zero; var a11 = Vector256<float>.Zero;
        var a20 = Vector256<float>.Zero; var a21 = Vector256<float>.Zero;
        var a30 = Vector256<float>.Zero; var a31 = Vector256<float>.Zero;
        // Walk the packed features and the query columns by pointer: 26 instructions per feature, 16 of them FP.
        nint stride = (nint)d * 8, r1 = d, r2 = 2 * (nint)d, r3 = 3 * (nint)d;
        float* qf = q;
        for (float* cf = c, end = c + stride; cf < end; cf += 8, qf++)
        {
            var x0 = Vector256.Load(cf);
            var x1 = Vector256.Load(cf + stride);
            var b = Vector256.Create(qf[0]);
            a00 = Square(b - x0, a00); a01 = Square(b - x1, a01);
            b = Vector256.Create(qf[r1]);
            a10 = Square(b - x0, a10); a11 = Square(b - x1, a11);
            b = Vector256.Create(qf[r2]);
            a20 = Square(b - x0, a20); a21 = Square(b - x1, a21);
            b = Vector256.Create(qf[r3]);
            a30 = Square(b - x0, a30); a31 = Square(b - x1, a31);
        }
        a00.Store(result); a01.Store(result + 8);
        a10.Store(result + 16); a11.Store(result + 24);
        a20.Store(result + 32); a21.Store(result + 40);
        a30.Store(result + 48); a31.Store(result + 56);
        // Compare each accumulator, then OR (not Min then compare): a NaN padding lane must not hide a real one.
        var t = Vector256.Create(rowThresholds[0]);
        var hit = Vector256.LessThanOrEqual(a00, t) | Vector256.LessThanOrEqual(a01, t);
        t = Vector256.Create(rowThresholds[1]);
        hit |= Vector256.LessThanOrEqual(a10, t) | Vector256.LessThanOrEqual(a11, t);
        t = Vector256.Create(rowThresholds[2]);
        hit |= Vector256.LessThanOrEqual(a20, t) | Vector256.LessThanOrEqual(a21, t);
        t = Vector256.Create(rowThresholds[3]);
        hit |= Vector256.LessThanOrEqual(a30, t) | Vector256.LessThanOrEqual(a31, t);
        if (columnThresholds != null)
        {
            t = Vector256.Load(columnThresholds);
            hit |= Vector256.LessThanOrEqual(a00, t) | Vector256.LessThanOrEqual(a10, t) | Vector256.LessThanOrEqual(a20, t) | Vector256.LessThanOrEqual(a30, t);
            t = Vector256.Load(columnThresholds + 8);
            hit |= Vector256.LessThanOrEqual(a01, t) | Vector256.LessThanOrEqual(a11, t) | Vector256.LessThanOrEqual(a21, t) | Vector256.LessThanOrEqual(a31, t);
        }
        return hit != Vector256<float>.Zero;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Square(Vector256<float> t, Vector256<float> acc) =>
        Fma.IsSupported ? Fma.MultiplyAdd(t, t, acc) : acc + t * t;

    /// <summary>Bit mask of the 16 lanes of row <paramref name="r"/> whose distance is ≤ <paramref name="threshold"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe uint RowMask(float* result, int r, float threshold)
    {
        var t = Vector256.Create(threshold);
        uint lo = Vector256.LessThanOrEqual(Vector256.Load(result + 16 * r), t).ExtractMostSignificantBits();
        uint hi = Vector256.LessThanOrEqual(Vector256.Load(result + 16 * r + 8), t).ExtractMostSignificantBits();
        return lo | (hi << 8);
    }

    /// <summary>Bit mask of the 16 lanes of row <paramref name="r"/> whose distance is ≤ each lane's own threshold.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe uint ColumnMask(float* result, int r, float* thresholds)
    {
        uint lo = Vector256.LessThanOrEqual(Vector256.Load(result + 16 * r), Vector256.Load(thresholds)).ExtractMostSignificantBits();
        uint hi = Vector256.LessThanOrEqual(Vector256.Load(result + 16 * r + 8), Vector256.Load(thresholds + 8)).ExtractMostSignificantBits();
        return lo | (hi << 8);
    }
}
