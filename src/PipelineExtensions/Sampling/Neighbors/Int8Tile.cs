using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>
/// The 8-bit screen: for 6 query rows and 16 packed candidates of <see cref="Int8Rows"/>,
/// S = (ρ_q + ρ_c) + κ_q·(κ_c·(Σ(q̃ + 32)·c̃ − 32Σc̃)). One <c>vpmaddubsw</c> multiplies 32 byte pairs (a broadcast query quad against
/// 8 candidates' quads) and adds adjacent products into 16-bit sums, which accumulate for up to 32 features before
/// one <c>vpmaddwd</c> by 1 widens them to a 32-bit sum per candidate: twice <see cref="Int16Tile"/>'s features per
/// instruction. Same contract as <see cref="DotTile.ComputeScreened"/>: writes the 6×16 values, returns whether any
/// is ≤ its query row's threshold or, when column thresholds are given, its candidate's.
/// </summary>
internal static partial class Int8Tile
{
    // Quads per 16-bit accumulation: 8 pair sums of at most 4,032 stay below 32,767 (Int8Rows).
    private const int Run = 8;

    /// <param name="q">First of 6 consecutive query rows (4·<paramref name="quads"/> bytes each).</param>
    /// <param name="c">First of 2 consecutive packed blocks.</param>
    /// <param name="quads">Feature quads per row.</param>
    /// <param name="result"><see cref="DotTile.Size"/> floats.</param>
    /// <param name="qNorms">6 reduced norms of the query rows.</param>
    /// <param name="cNorms">16 reduced norms of the candidates.</param>
    /// <param name="qFactors">6 query factors κ_q.</param>
    /// <param name="cFactors">16 candidate factors κ_c.</param>
    /// <param name="cOffsets">16 candidate offsets 32·Σc̃.</param>
    /// <param name="rowThresholds">6 floats.</param>
    /// <param name="columnThresholds">16 floats, or null.</param>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static unsafe bool ComputeScreened(byte* q, byte* c, int quads, float* result, float* qNorms, float* cNorms, float* qFactors, float* cFactors, int* cOffsets, float* rowThresholds, float* columnThresholds)
    {
        // Runs of 8 quads, each widened into 32-bit sums on the stack. (Kept in registers for d ≤ 32, the JIT spilled
        // one of the 16-bit accumulators inside the loop: a store-to-load chain on every quad, 14 % of the kernel's time.)
        var acc = stackalloc Vector256<int>[12];
        var one = Vector256.Create((short)1);
        for (int p = 0; p < quads; p += Run)
        {
            int n = Math.Min(Run, quads - p);
            Accumulate(q + 4 * p, c + 32 * p, n, quads, out var a00, out var a01, out var a10, out var a11, out var a20, out var a21, out var a30, out var a31, out var a40, out var a41, out var a50, out var a51);
            if (p == 0)
            {
                acc[0] = Avx2.MultiplyAddAdjacent(a00, one); acc[1] = Avx2.MultiplyAddAdjacent(a01, one);
                acc[2] = Avx2.MultiplyAddAdjacent(a10, one); acc[3] = Avx2.MultiplyAddAdjacent(a11, one);
                acc[4] = Avx2.MultiplyAddAdjacent(a20, one); acc[5] = Avx2.MultiplyAddAdjacent(a21, one);
                acc[6] = Avx2.MultiplyAddAdjacent(a30, one); acc[7] = Avx2.MultiplyAddAdjacent(a31, one);
                acc[8] = Avx2.MultiplyAddAdjacent(a40, one); acc[9] = Avx2.MultiplyAddAdjacent(a41, one);
                acc[10] = Avx2.MultiplyAddAdjacent(a50, one); acc[11] = Avx2.MultiplyAddAdjacent(a51, one);
                continue;
            }
            acc[0] += Avx2.MultiplyAddAdjacent(a00, one); acc[1] += Avx2.MultiplyAddAdjacent(a01, one);
            acc[2] += Avx2.MultiplyAddAdjacent(a10, one); acc[3] += Avx2.MultiplyAddAdjacent(a11, one);
            acc[4] += Avx2.MultiplyAddAdjacent(a20, one); acc[5] += Avx2.MultiplyAddAdjacent(a21, one);
            acc[6] += Avx2.MultiplyAddAdjacent(a30, one); acc[7] += Avx2.MultiplyAddAdjacent(a31, one);
            acc[8] += Avx2.MultiplyAddAdjacent(a40, one); acc[9] += Avx2.MultiplyAddAdjacent(a41, one);
            acc[10] += Avx2.MultiplyAddAdjacent(a50, one); acc[11] += Avx2.MultiplyAddAdjacent(a51, one);
        }

        var n0 = Vector256.Load(cNorms);
        var n1 = Vector256.Load(cNorms + 8);
        var k0 = Vector256.Load(cFactors);
        var k1 = Vector256.Load(cFactors + 8);
        var o0 = Vector256.Load(cOffsets);
        var o1 = Vector256.Load(cOffsets + 8);
        Vector256<float> t, kq;
        t = Vector256.Create(qNorms[0]); kq = Vector256.Create(qFactors[0]);
        var s00 = Epilogue(acc[0] - o0, k0, kq, n0 + t); var s01 = Epilogue(acc[1] - o1, k1, kq, n1 + t);
        t = Vector256.Create(qNorms[1]); kq = Vector256.Create(qFactors[1]);
        var s10 = Epilogue(acc[2] - o0, k0, kq, n0 + t); var s11 = Epilogue(acc[3] - o1, k1, kq, n1 + t);
        t = Vector256.Create(qNorms[2]); kq = Vector256.Create(qFactors[2]);
        var s20 = Epilogue(acc[4] - o0, k0, kq, n0 + t); var s21 = Epilogue(acc[5] - o1, k1, kq, n1 + t);
        t = Vector256.Create(qNorms[3]); kq = Vector256.Create(qFactors[3]);
        var s30 = Epilogue(acc[6] - o0, k0, kq, n0 + t); var s31 = Epilogue(acc[7] - o1, k1, kq, n1 + t);
        t = Vector256.Create(qNorms[4]); kq = Vector256.Create(qFactors[4]);
        var s40 = Epilogue(acc[8] - o0, k0, kq, n0 + t); var s41 = Epilogue(acc[9] - o1, k1, kq, n1 + t);
        t = Vector256.Create(qNorms[5]); kq = Vector256.Create(qFactors[5]);
        var s50 = Epilogue(acc[10] - o0, k0, kq, n0 + t); var s51 = Epilogue(acc[11] - o1, k1, kq, n1 + t);
        return TileVerdict.StoreAny6(result, s00, s01, s10, s11, s20, s21, s30, s31, s40, s41, s50, s51, rowThresholds, columnThresholds);
    }

    // 16-bit sums of n ≤ 8 quads: q the 6 rows' first quad (row stride 'quads' quads), c the first block's.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Accumulate(byte* q, byte* c, int n, int quads, out Vector256<short> a00, out Vector256<short> a01, out Vector256<short> a10, out Vector256<short> a11, out Vector256<short> a20, out Vector256<short> a21, out Vector256<short> a30, out Vector256<short> a31, out Vector256<short> a40, out Vector256<short> a41, out Vector256<short> a50, out Vector256<short> a51)
    {
        a00 = a01 = a10 = a11 = a20 = a21 = a30 = a31 = a40 = a41 = a50 = a51 = Vector256<short>.Zero;
        int* qp = (int*)q, cp = (int*)c;
        nint stride = (nint)quads * 8, r1 = quads, r2 = 2 * (nint)quads, r3 = 3 * (nint)quads, r4 = 4 * (nint)quads, r5 = 5 * (nint)quads;
        for (int* end = cp + (nint)n * 8; cp < end; cp += 8, qp++)
        {
            var x0 = Vector256.Load(cp).AsSByte();
            var x1 = Vector256.Load(cp + stride).AsSByte();
            var b = Vector256.Create(qp[0]).AsByte();
            a00 += Avx2.MultiplyAddAdjacent(b, x0); a01 += Avx2.MultiplyAddAdjacent(b, x1);
            b = Vector256.Create(qp[r1]).AsByte();
            a10 += Avx2.MultiplyAddAdjacent(b, x0); a11 += Avx2.MultiplyAddAdjacent(b, x1);
            b = Vector256.Create(qp[r2]).AsByte();
            a20 += Avx2.MultiplyAddAdjacent(b, x0); a21 += Avx2.MultiplyAddAdjacent(b, x1);
            b = Vector256.Create(qp[r3]).AsByte();
            a30 += Avx2.MultiplyAddAdjacent(b, x0); a31 += Avx2.MultiplyAddAdjacent(b, x1);
            b = Vector256.Create(qp[r4]).AsByte();
            a40 += Avx2.MultiplyAddAdjacent(b, x0); a41 += Avx2.MultiplyAddAdjacent(b, x1);
            b = Vector256.Create(qp[r5]).AsByte();
            a50 += Avx2.MultiplyAddAdjacent(b, x0); a51 += Avx2.MultiplyAddAdjacent(b, x1);
        }
    }

    // norms + κ_q·(κ_c·dot): the conversion is exact (|dot| < 2²⁴), one rounding per step after it (see Int8Rows).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Epilogue(Vector256<int> dot, Vector256<float> cFactors, Vector256<float> qFactor, Vector256<float> norms)
    {
        var d = Avx.ConvertToVector256Single(dot) * cFactors;
        return Fma.IsSupported ? Fma.MultiplyAdd(d, qFactor, norms) : norms + d * qFactor;
    }
}
