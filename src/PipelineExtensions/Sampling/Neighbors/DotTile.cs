using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>
/// The GEMM-form screen: for 6 centred query rows and 16 centred packed candidates, S = r_q + r_c − 2 q̃·c̃ from
/// the reduced norms of <see cref="ScreenRows"/> — a value never above the direct kernel's distance, at one FMA per
/// pair-feature instead of a subtract and an FMA (the subtracts compete with the broadcasts for the FP pipes, which
/// held the direct kernel to ~25 G pair-features/s on one core against ~33 for this form). Lanes that pass get the
/// direct distance recomputed (<see cref="PairBatch"/>), so the lists see exactly the values the direct kernel gives.
/// </summary>
internal static class DotTile
{
    /// <summary>Query rows per tile: 6 × 2 accumulators, the broadcast and two loads fill 15 of the 16 vector registers.</summary>
    public const int QueryRows = 6;

    /// <summary>Floats of a tile's result buffer.</summary>
    public const int Size = QueryRows * DistanceTile.Candidates;

    /// <summary>
    /// Writes the 6×16 screen values to <paramref name="result"/> (row r at [16r, 16r + 16)) and returns whether any
    /// is ≤ its query row's threshold or, when <paramref name="columnThresholds"/> is not null, its candidate's.
    /// </summary>
    /// <param name="q">First of 6 consecutive centred query rows (row-major).</param>
    /// <param name="c">First of 2 consecutive centred packed blocks.</param>
    /// <param name="d">Features per row.</param>
    /// <param name="result"><see cref="Size"/> floats.</param>
    /// <param name="qNorms">6 reduced norms of the query rows.</param>
    /// <param name="cNorms">16 reduced norms of the candidates.</param>
    /// <param name="rowThresholds">6 floats.</param>
    /// <param name="columnThresholds">16 floats, or null.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe bool ComputeScreened(float* q, float* c, int d, float* result, float* qNorms, float* cNorms, float* rowThresholds, float* columnThresholds)
    {
        var a00 = Vector256<float>.Zero; var a01 = Vector256<float>.Zero;
        var a10 = Vector256<float>.Zero; var a11 = Vector256<float>.Zero;
        var a20 = Vector256<float>.Zero; var a21 = Vector256<float>.Zero;
        var a30 = Vector256<float>.Zero; var a31 = Vector256<float>.Zero;
        var a40 = Vector256<float>.Zero; var a41 = Vector256<float>.Zero;
        var a50 = Vector256<float>.Zero; var a51 = Vector256<float>.Zero;
        nint stride = (nint)d * 8, r1 = 1 * (nint)d, r2 = 2 * (nint)d, r3 = 3 * (nint)d, r4 = 4 * (nint)d, r5 = 5 * (nint)d;
        float* qf = q, cf = c;
        // Four features per iteration (fewer loop and pointer updates between the FMAs), then the rest one by one.
        for (float* end4 = c + (nint)(d & ~3) * 8; cf < end4; cf += 32, qf += 4)
        {
            Step(qf, cf, stride, r1, r2, r3, r4, r5, ref a00, ref a01, ref a10, ref a11, ref a20, ref a21, ref a30, ref a31, ref a40, ref a41, ref a50, ref a51);
            Step(qf + 1, cf + 8, stride, r1, r2, r3, r4, r5, ref a00, ref a01, ref a10, ref a11, ref a20, ref a21, ref a30, ref a31, ref a40, ref a41, ref a50, ref a51);
            Step(qf + 2, cf + 16, stride, r1, r2, r3, r4, r5, ref a00, ref a01, ref a10, ref a11, ref a20, ref a21, ref a30, ref a31, ref a40, ref a41, ref a50, ref a51);
            Step(qf + 3, cf + 24, stride, r1, r2, r3, r4, r5, ref a00, ref a01, ref a10, ref a11, ref a20, ref a21, ref a30, ref a31, ref a40, ref a41, ref a50, ref a51);
        }
        for (float* end = c + stride; cf < end; cf += 8, qf++)
            Step(qf, cf, stride, r1, r2, r3, r4, r5, ref a00, ref a01, ref a10, ref a11, ref a20, ref a21, ref a30, ref a31, ref a40, ref a41, ref a50, ref a51);

        var n0 = Vector256.Load(cNorms);
        var n1 = Vector256.Load(cNorms + 8);
        Vector256<float> t;
        t = Vector256.Create(qNorms[0]);
        a00 = Epilogue(a00, n0 + t); a01 = Epilogue(a01, n1 + t);
        t = Vector256.Create(qNorms[1]);
        a10 = Epilogue(a10, n0 + t); a11 = Epilogue(a11, n1 + t);
        t = Vector256.Create(qNorms[2]);
        a20 = Epilogue(a20, n0 + t); a21 = Epilogue(a21, n1 + t);
        t = Vector256.Create(qNorms[3]);
        a30 = Epilogue(a30, n0 + t); a31 = Epilogue(a31, n1 + t);
        t = Vector256.Create(qNorms[4]);
        a40 = Epilogue(a40, n0 + t); a41 = Epilogue(a41, n1 + t);
        t = Vector256.Create(qNorms[5]);
        a50 = Epilogue(a50, n0 + t); a51 = Epilogue(a51, n1 + t);
        return TileVerdict.StoreAny6(result, a00, a01, a10, a11, a20, a21, a30, a31, a40, a41, a50, a51, rowThresholds, columnThresholds);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Step(float* qf, float* cf, nint stride, nint r1, nint r2, nint r3, nint r4, nint r5, ref Vector256<float> a00, ref Vector256<float> a01, ref Vector256<float> a10, ref Vector256<float> a11, ref Vector256<float> a20, ref Vector256<float> a21, ref Vector256<float> a30, ref Vector256<float> a31, ref Vector256<float> a40, ref Vector256<float> a41, ref Vector256<float> a50, ref Vector256<float> a51)
    {
        var x0 = Vector256.Load(cf);
        var x1 = Vector256.Load(cf + stride);
        var b = Vector256.Create(qf[0]);
        a00 = MulAdd(b, x0, a00); a01 = MulAdd(b, x1, a01);
        b = Vector256.Create(qf[r1]);
        a10 = MulAdd(b, x0, a10); a11 = MulAdd(b, x1, a11);
        b = Vector256.Create(qf[r2]);
        a20 = MulAdd(b, x0, a20); a21 = MulAdd(b, x1, a21);
        b = Vector256.Create(qf[r3]);
        a30 = MulAdd(b, x0, a30); a31 = MulAdd(b, x1, a31);
        b = Vector256.Create(qf[r4]);
        a40 = MulAdd(b, x0, a40); a41 = MulAdd(b, x1, a41);
        b = Vector256.Create(qf[r5]);
        a50 = MulAdd(b, x0, a50); a51 = MulAdd(b, x1, a51);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MulAdd(Vector256<float> a, Vector256<float> b, Vector256<float> acc) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, acc) : acc + a * b;

    // norms − 2·dot, rounded once where FMA exists (the bound in ScreenRows allows for either rounding).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Epilogue(Vector256<float> dot, Vector256<float> norms) =>
        Fma.IsSupported ? Fma.MultiplyAdd(dot, Vector256.Create(-2f), norms) : norms - (dot + dot);
}
