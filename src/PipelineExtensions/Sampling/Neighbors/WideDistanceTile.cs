using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>
/// <see cref="DistanceTile"/> six query rows high: 12 accumulator chains instead of 8. Each chain takes one fused
/// multiply-add per feature with a 4-cycle latency on 2 FMA pipes, so 8 chains leave the pipes no slack and any
/// stall idles them; 12 (all 16 vector registers: 12 accumulators, two candidate loads, the broadcast and the
/// difference) keep them busy. Measured on one Zen 3 core (d = 32, L1-resident, max of 25 runs): ~37 G
/// pair-features/s against ~30 for the 4-row tile. Same sums in the same order as <see cref="DistanceTile"/>, so
/// the distances are bit-identical to it.
/// </summary>
internal static class WideDistanceTile
{
    public const int QueryRows = 6;

    /// <summary>Floats of a tile's result buffer.</summary>
    public const int Size = QueryRows * DistanceTile.Candidates;

    /// <summary>
    /// Writes the 6×16 squared distances to <paramref name="result"/> (row r at [16r, 16r + 16)) and returns whether
    /// any is ≤ its query row's threshold or, when <paramref name="columnThresholds"/> is not null, its candidate's
    /// (<see cref="DistanceTile.ComputeScreened"/>, six rows).
    /// </summary>
    /// <param name="q">First of 6 consecutive query rows of <paramref name="d"/> floats.</param>
    /// <param name="c">First of 2 consecutive packed blocks (8 lanes × d features each).</param>
    /// <param name="d">Features per row.</param>
    /// <param name="result"><see cref="Size"/> floats.</param>
    /// <param name="rowThresholds">6 floats.</param>
    /// <param name="columnThresholds">16 floats, or null to screen the rows only.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe bool ComputeScreened(float* q, float* c, int d, float* result, float* rowThresholds, float* columnThresholds)
    {
        var a00 = Vector256<float>.Zero; var a01 = Vector256<float>.Zero;
        var a10 = Vector256<float>.Zero; var a11 = Vector256<float>.Zero;
        var a20 = Vector256<float>.Zero; var a21 = Vector256<float>.Zero;
        var a30 = Vector256<float>.Zero; var a31 = Vector256<float>.Zero;
        var a40 = Vector256<float>.Zero; var a41 = Vector256<float>.Zero;
        var a50 = Vector256<float>.Zero; var a51 = Vector256<float>.Zero;
        nint stride = (nint)d * 8, r1 = d, r2 = 2 * (nint)d, r3 = 3 * (nint)d, r4 = 4 * (nint)d, r5 = 5 * (nint)d;
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
            b = Vector256.Create(qf[r4]);
            a40 = Square(b - x0, a40); a41 = Square(b - x1, a41);
            b = Vector256.Create(qf[r5]);
            a50 = Square(b - x0, a50); a51 = Square(b - x1, a51);
        }
        return TileVerdict.StoreAny6(result, a00, a01, a10, a11, a20, a21, a30, a31, a40, a41, a50, a51, rowThresholds, columnThresholds);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Square(Vector256<float> t, Vector256<float> acc) =>
        Fma.IsSupported ? Fma.MultiplyAdd(t, t, acc) : acc + t * t;
}
