using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>
/// The integer screen: for 6 query rows and 16 packed candidates of <see cref="QuantizedRows"/>,
/// S = ρ_q + ρ_c − 2s²·(q′·c′). One <c>vpmaddwd</c> multiplies 16 pairs of 16-bit features and adds adjacent products
/// into 8 exact 32-bit sums, so a tile takes half the multiply instructions of <see cref="DotTile"/>'s float FMAs
/// (measured alone on this Zen 3: ~58–64 G pair-features/s against ~36 for the float tile). Same contract as
/// <see cref="DotTile.ComputeScreened"/>: writes the 6×16 values, returns whether any is ≤ its query row's threshold
/// or, when column thresholds are given, its candidate's.
/// </summary>
internal static partial class Int16Tile
{
    /// <param name="q">First of 6 consecutive quantized query rows (2·<paramref name="pairs"/> values each).</param>
    /// <param name="c">First of 2 consecutive quantized packed blocks.</param>
    /// <param name="pairs">Feature pairs per row.</param>
    /// <param name="result"><see cref="DotTile.Size"/> floats.</param>
    /// <param name="qNorms">6 reduced norms of the query rows.</param>
    /// <param name="cNorms">16 reduced norms of the candidates.</param>
    /// <param name="scale">−2s².</param>
    /// <param name="rowThresholds">6 floats.</param>
    /// <param name="columnThresholds">16 floats, or null.</param>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static unsafe bool ComputeScreened(short* q, short* c, int pairs, float* result, float* qNorms, float* cNorms, float scale, float* rowThresholds, float* columnThresholds)
    {
        var a00 = Vector256<int>.Zero; var a01 = Vector256<int>.Zero;
        var a10 = Vector256<int>.Zero; var a11 = Vector256<int>.Zero;
        var a20 = Vector256<int>.Zero; var a21 = Vector256<int>.Zero;
        var a30 = Vector256<int>.Zero; var a31 = Vector256<int>.Zero;
        var a40 = Vector256<int>.Zero; var a41 = Vector256<int>.Zero;
        var a50 = Vector256<int>.Zero; var a51 = Vector256<int>.Zero;
        // Rows and blocks in 32-bit units (one feature pair each).
        int* qp = (int*)q, cp = (int*)c;
        nint stride = (nint)pairs * 8, r1 = pairs, r2 = 2 * (nint)pairs, r3 = 3 * (nint)pairs, r4 = 4 * (nint)pairs, r5 = 5 * (nint)pairs;
        for (int* end2 = cp + (nint)(pairs & ~1) * 8; cp < end2; cp += 16, qp += 2)
        {
            Step(qp, cp, stride, r1, r2, r3, r4, r5, ref a00, ref a01, ref a10, ref a11, ref a20, ref a21, ref a30, ref a31, ref a40, ref a41, ref a50, ref a51);
            Step(qp + 1, cp + 8, stride, r1, r2, r3, r4, r5, ref a00, ref a01, ref a10, ref a11, ref a20, ref a21, ref a30, ref a31, ref a40, ref a41, ref a50, ref a51);
        }
        if ((pairs & 1) != 0)
            Step(qp, cp, stride, r1, r2, r3, r4, r5, ref a00, ref a01, ref a10, ref a11, ref a20, ref a21, ref a30, ref a31, ref a40, ref a41, ref a50, ref a51);
        return Finish(result, a00, a01, a10, a11, a20, a21, a30, a31, a40, a41, a50, a51, qNorms, cNorms, scale, rowThresholds, columnThresholds);
    }

    /// <summary>The float epilogue: each sum to S = ρ_q + ρ_c − 2s²·dot, stored, and the verdict.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe bool Finish(float* result,
        Vector256<int> a00, Vector256<int> a01, Vector256<int> a10, Vector256<int> a11, Vector256<int> a20, Vector256<int> a21,
        Vector256<int> a30, Vector256<int> a31, Vector256<int> a40, Vector256<int> a41, Vector256<int> a50, Vector256<int> a51,
        float* qNorms, float* cNorms, float scale, float* rowThresholds, float* columnThresholds)
    {
        var n0 = Vector256.Load(cNorms);
        var n1 = Vector256.Load(cNorms + 8);
        var k = Vector256.Create(scale);
        Vector256<float> t;
        t = Vector256.Create(qNorms[0]);
        var s00 = Epilogue(a00, k, n0 + t); var s01 = Epilogue(a01, k, n1 + t);
        t = Vector256.Create(qNorms[1]);
        var s10 = Epilogue(a10, k, n0 + t); var s11 = Epilogue(a11, k, n1 + t);
        t = Vector256.Create(qNorms[2]);
        var s20 = Epilogue(a20, k, n0 + t); var s21 = Epilogue(a21, k, n1 + t);
        t = Vector256.Create(qNorms[3]);
        var s30 = Epilogue(a30, k, n0 + t); var s31 = Epilogue(a31, k, n1 + t);
        t = Vector256.Create(qNorms[4]);
        var s40 = Epilogue(a40, k, n0 + t); var s41 = Epilogue(a41, k, n1 + t);
        t = Vector256.Create(qNorms[5]);
        var s50 = Epilogue(a50, k, n0 + t); var s51 = Epilogue(a51, k, n1 + t);
        return TileVerdict.StoreAny6(result, s00, s01, s10, s11, s20, s21, s30, s31, s40, s41, s50, s51, rowThresholds, columnThresholds);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Step(int* qp, int* cp, nint stride, nint r1, nint r2, nint r3, nint r4, nint r5, ref Vector256<int> a00, ref Vector256<int> a01, ref Vector256<int> a10, ref Vector256<int> a11, ref Vector256<int> a20, ref Vector256<int> a21, ref Vector256<int> a30, ref Vector256<int> a31, ref Vector256<int> a40, ref Vector256<int> a41, ref Vector256<int> a50, ref Vector256<int> a51)
    {
        var x0 = Vector256.Load(cp).AsInt16();
        var x1 = Vector256.Load(cp + stride).AsInt16();
        var b = Vector256.Create(qp[0]).AsInt16();
        a00 += Avx2.MultiplyAddAdjacent(b, x0); a01 += Avx2.MultiplyAddAdjacent(b, x1);
        b = Vector256.Create(qp[r1]).AsInt16();
        a10 += Avx2.MultiplyAddAdjacent(b, x0); a11 += Avx2.MultiplyAddAdjacent(b, x1);
        b = Vector256.Create(qp[r2]).AsInt16();
        a20 += Avx2.MultiplyAddAdjacent(b, x0); a21 += Avx2.MultiplyAddAdjacent(b, x1);
        b = Vector256.Create(qp[r3]).AsInt16();
        a30 += Avx2.MultiplyAddAdjacent(b, x0); a31 += Avx2.MultiplyAddAdjacent(b, x1);
        b = Vector256.Create(qp[r4]).AsInt16();
        a40 += Avx2.MultiplyAddAdjacent(b, x0); a41 += Avx2.MultiplyAddAdjacent(b, x1);
        b = Vector256.Create(qp[r5]).AsInt16();
        a50 += Avx2.MultiplyAddAdjacent(b, x0); a51 += Avx2.MultiplyAddAdjacent(b, x1);
    }

    // norms − 2s²·dot: the conversion and the scaling by a power of two are exact below 2²⁴, one rounding after
    // (fused or not; see QuantizedRows).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Epilogue(Vector256<int> dot, Vector256<float> scale, Vector256<float> norms)
    {
        var d = Avx.ConvertToVector256Single(dot);
        return Fma.IsSupported ? Fma.MultiplyAdd(d, scale, norms) : norms + d * scale;
    }
}
