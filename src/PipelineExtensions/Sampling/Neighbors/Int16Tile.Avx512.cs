using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PipelineExtensions.Sampling.Neighbors;

internal static partial class Int16Tile
{
    /// <summary>
    /// <see cref="ComputeScreened"/> in 512-bit registers, same contract, values and verdict: a tile's two packed blocks
    /// joined into one register per feature pair (one load and one insert), so a row's 16 candidates take one
    /// <c>vpmaddwd</c> and one add; six accumulators. The epilogue is <see cref="Epilogue"/>'s arithmetic lane for lane
    /// (convert, fused times −2s² + (ρ_c + ρ_q)), compared into mask registers: 6 row and 6 column compares instead
    /// of 12 and 12 with their ORs. Requires <see cref="WideKernels.Supported"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static unsafe bool ComputeScreenedAvx512(short* q, short* c, int pairs, float* result, float* qNorms, float* cNorms, float scale, float* rowThresholds, float* columnThresholds)
    {
        Vector512<int> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default;
        int* qp = (int*)q, cp = (int*)c;
        nint stride = (nint)pairs * 8, r1 = pairs, r2 = 2 * (nint)pairs, r3 = 3 * (nint)pairs, r4 = 4 * (nint)pairs, r5 = 5 * (nint)pairs;
        for (int* end2 = cp + (nint)(pairs & ~1) * 8; cp < end2; cp += 16, qp += 2)
        {
            Step512(qp, Joined(cp, stride), r1, r2, r3, r4, r5, ref a0, ref a1, ref a2, ref a3, ref a4, ref a5);
            Step512(qp + 1, Joined(cp + 8, stride), r1, r2, r3, r4, r5, ref a0, ref a1, ref a2, ref a3, ref a4, ref a5);
        }
        if ((pairs & 1) != 0)
            Step512(qp, Joined(cp, stride), r1, r2, r3, r4, r5, ref a0, ref a1, ref a2, ref a3, ref a4, ref a5);
        var n = Vector512.Load(cNorms);
        var k = Vector512.Create(scale);
        var s0 = Epilogue512(a0, k, n, qNorms[0]); var s1 = Epilogue512(a1, k, n, qNorms[1]);
        var s2 = Epilogue512(a2, k, n, qNorms[2]); var s3 = Epilogue512(a3, k, n, qNorms[3]);
        var s4 = Epilogue512(a4, k, n, qNorms[4]); var s5 = Epilogue512(a5, k, n, qNorms[5]);
        s0.Store(result); s1.Store(result + 16); s2.Store(result + 32);
        s3.Store(result + 48); s4.Store(result + 64); s5.Store(result + 80);
        // Each value compared, then the masks OR-ed (as TileVerdict): a NaN padding lane must not hide a real one.
        bool hit = Vector512.LessThanOrEqualAny(s0, Vector512.Create(rowThresholds[0]))
            | Vector512.LessThanOrEqualAny(s1, Vector512.Create(rowThresholds[1]))
            | Vector512.LessThanOrEqualAny(s2, Vector512.Create(rowThresholds[2]))
            | Vector512.LessThanOrEqualAny(s3, Vector512.Create(rowThresholds[3]))
            | Vector512.LessThanOrEqualAny(s4, Vector512.Create(rowThresholds[4]))
            | Vector512.LessThanOrEqualAny(s5, Vector512.Create(rowThresholds[5]));
        if (columnThresholds != null && !hit)
        {
            var t = Vector512.Load(columnThresholds);
            hit = Vector512.LessThanOrEqualAny(s0, t) | Vector512.LessThanOrEqualAny(s1, t) | Vector512.LessThanOrEqualAny(s2, t)
                | Vector512.LessThanOrEqualAny(s3, t) | Vector512.LessThanOrEqualAny(s4, t) | Vector512.LessThanOrEqualAny(s5, t);
        }
        return hit;
    }

    // Feature pair p of a tile's 16 candidates: block 0's 8 lanes, then block 1's.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector512<short> Joined(int* cp, nint stride) =>
        Avx512F.InsertVector256(Vector256.Load(cp).ToVector512Unsafe(), Vector256.Load(cp + stride), 1).AsInt16();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Step512(int* qp, Vector512<short> x, nint r1, nint r2, nint r3, nint r4, nint r5, ref Vector512<int> a0, ref Vector512<int> a1, ref Vector512<int> a2, ref Vector512<int> a3, ref Vector512<int> a4, ref Vector512<int> a5)
    {
        a0 += Avx512BW.MultiplyAddAdjacent(Vector512.Create(qp[0]).AsInt16(), x);
        a1 += Avx512BW.MultiplyAddAdjacent(Vector512.Create(qp[r1]).AsInt16(), x);
        a2 += Avx512BW.MultiplyAddAdjacent(Vector512.Create(qp[r2]).AsInt16(), x);
        a3 += Avx512BW.MultiplyAddAdjacent(Vector512.Create(qp[r3]).AsInt16(), x);
        a4 += Avx512BW.MultiplyAddAdjacent(Vector512.Create(qp[r4]).AsInt16(), x);
        a5 += Avx512BW.MultiplyAddAdjacent(Vector512.Create(qp[r5]).AsInt16(), x);
    }

    // Epilogue's steps for one row: (ρ_c + ρ_q) summed as Finish does, then one fused step.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Epilogue512(Vector512<int> dot, Vector512<float> scale, Vector512<float> cNorms, float qNorm) =>
        Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(dot), scale, cNorms + Vector512.Create(qNorm));
}
