using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PipelineExtensions.Sampling.Neighbors;

internal static partial class Int8Tile
{
    /// <summary>
    /// <see cref="FirstPassing"/> in 512-bit registers: a tile's two packed blocks joined into one register per quad
    /// (one load and one insert), so a row's 16 candidates take one <c>vpmaddubsw</c> and one add instead of two each,
    /// six 16-bit and six 32-bit accumulators in registers (the AVX2 kernel widens through the stack), and no stores.
    /// The epilogue is <see cref="Epilogue"/>'s arithmetic lane for lane (convert, times κ_c, fused κ_q·… + (ρ_c + ρ_q)),
    /// so every value, and so the verdict, is the AVX2 kernel's. Requires <see cref="WideKernels.Supported"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    internal static unsafe int FirstPassingAvx512(byte* q, byte* c, int quads, int tiles, float* qNorms, float* cNorms, float* qFactors, float* cFactors, int* cOffsets, float* rowThresholds)
    {
        var one = Vector512.Create((short)1);
        nint stride = (nint)quads * 8, r1 = quads, r2 = 2 * (nint)quads, r3 = 3 * (nint)quads, r4 = 4 * (nint)quads, r5 = 5 * (nint)quads;
        for (int t = 0; t < tiles; t++)
        {
            int* cp = (int*)c + t * 2 * stride, qp = (int*)q;
            // The sums start at −32Σc̃ (exact integers): g − 32Σc̃ without a subtraction per row.
            var d0 = -Vector512.Load(cOffsets + 16 * t);
            Vector512<int> d1 = d0, d2 = d0, d3 = d0, d4 = d0, d5 = d0;
            for (int p = 0; p < quads; p += Run)
            {
                Vector512<short> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default;
                for (int* end = cp + (nint)Math.Min(Run, quads - p) * 8; cp < end; cp += 8, qp++)
                {
                    var x = Avx512F.InsertVector256(Vector256.Load(cp).ToVector512Unsafe(), Vector256.Load(cp + stride), 1).AsSByte();
                    a0 += Avx512BW.MultiplyAddAdjacent(Vector512.Create(qp[0]).AsByte(), x);
                    a1 += Avx512BW.MultiplyAddAdjacent(Vector512.Create(qp[r1]).AsByte(), x);
                    a2 += Avx512BW.MultiplyAddAdjacent(Vector512.Create(qp[r2]).AsByte(), x);
                    a3 += Avx512BW.MultiplyAddAdjacent(Vector512.Create(qp[r3]).AsByte(), x);
                    a4 += Avx512BW.MultiplyAddAdjacent(Vector512.Create(qp[r4]).AsByte(), x);
                    a5 += Avx512BW.MultiplyAddAdjacent(Vector512.Create(qp[r5]).AsByte(), x);
                }
                d0 += Avx512BW.MultiplyAddAdjacent(a0, one); d1 += Avx512BW.MultiplyAddAdjacent(a1, one);
                d2 += Avx512BW.MultiplyAddAdjacent(a2, one); d3 += Avx512BW.MultiplyAddAdjacent(a3, one);
                d4 += Avx512BW.MultiplyAddAdjacent(a4, one); d5 += Avx512BW.MultiplyAddAdjacent(a5, one);
            }
            var n = Vector512.Load(cNorms + 16 * t);
            var k = Vector512.Load(cFactors + 16 * t);
            // Non-short-circuit: six mask tests, one branch.
            if (Passes(d0, k, n, qNorms[0], qFactors[0], rowThresholds[0])
                | Passes(d1, k, n, qNorms[1], qFactors[1], rowThresholds[1])
                | Passes(d2, k, n, qNorms[2], qFactors[2], rowThresholds[2])
                | Passes(d3, k, n, qNorms[3], qFactors[3], rowThresholds[3])
                | Passes(d4, k, n, qNorms[4], qFactors[4], rowThresholds[4])
                | Passes(d5, k, n, qNorms[5], qFactors[5], rowThresholds[5]))
                return t;
        }
        return tiles;
    }

    // Whether one of a row's 16 values (Epilogue's steps: the norms summed c + q as there) is ≤ its threshold; NaN
    // lanes (padding) compare false.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Passes(Vector512<int> dot, Vector512<float> cFactors, Vector512<float> cNorms, float qNorm, float qFactor, float threshold)
    {
        var d = Avx512F.ConvertToVector512Single(dot) * cFactors;
        var s = Avx512F.FusedMultiplyAdd(d, Vector512.Create(qFactor), cNorms + Vector512.Create(qNorm));
        return Vector512.LessThanOrEqualAny(s, Vector512.Create(threshold));
    }
}
