using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PipelineExtensions.Neural.Kernels;

/// <summary>
/// Single-precision GEMM, C ← α·op(A)·op(B) + β·C (row-major), in the Goto/BLIS structure: B packed into KC×NR
/// column panels (L1-resident per micro-kernel sweep), A into MC×KC blocks of MR-row panels (L2), and a 6×16
/// register-blocked AVX2/FMA micro-kernel (12 accumulators) doing the arithmetic. Each thread owns a rectangle of
/// C (a range of row panels, or of column panels when C has few rows), packs what it needs itself and runs the
/// whole K loop: one fork-join per call, no barriers. K blocks depend only on k, so every element of C is summed
/// in the same order whatever the thread count — results are deterministic.
/// </summary>
internal static unsafe class Sgemm
{
    public const int MR = 6;
    public const int NR = 16;
    private const int MaxKC = 384;
    private const int MC = 96;
    private const int NC = 3072;

    // Packing buffers: per thread, pinned, allocated once at their largest size.
    [ThreadStatic]
    private static float[]? _packA;

    [ThreadStatic]
    private static float[]? _packB;

    private static float* PackABuffer()
    {
        _packA ??= GC.AllocateUninitializedArray<float>(MC * MaxKC + 64, pinned: true);
        return Align((float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_packA)));
    }

    private static float* PackBBuffer()
    {
        _packB ??= GC.AllocateUninitializedArray<float>(MaxKC * NC + 64, pinned: true);
        return Align((float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_packB)));
    }

    private static float* Align(float* p) => (float*)(((nint)p + 63) & ~(nint)63);

    /// <summary>Whether the SIMD micro-kernel can run here (otherwise a portable fallback is used).</summary>
    public static bool IsAccelerated => Fma.IsSupported && Avx2.IsSupported;

    /// <summary>Runs the product on arrays (offsets 0). <paramref name="threads"/> bounds the parallelism.</summary>
    public static void Run(bool transA, bool transB, int m, int n, int k, float alpha, float[] a, float[] b, float beta, float[] c, int threads)
    {
        fixed (float* pa = a, pb = b, pc = c)
            Run(transA, transB, m, n, k, alpha, pa, transA ? m : k, pb, transB ? k : n, beta, pc, n, threads);
    }

    /// <summary>Runs the product on raw pointers with leading dimensions (row strides).</summary>
    public static void Run(bool transA, bool transB, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc, int threads)
    {
        if (m <= 0 || n <= 0)
            return;
        if (k <= 0 || alpha == 0f)
        {
            ScaleC(m, n, beta, c, ldc);
            return;
        }
        // β = 0: the first K block overwrites C (no clearing pass, no read of C); otherwise scale C first.
        bool overwriteFirst = beta == 0f;
        if (!overwriteFirst)
            ScaleC(m, n, beta, c, ldc);
        if (!IsAccelerated)
        {
            Portable(transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc);
            return;
        }
        var job = new Job(transA, transB, k, alpha, a, lda, b, ldb, c, ldc, overwriteFirst);
        int rowPanels = (m + MR - 1) / MR, colPanels = (n + NR - 1) / NR;
        // Tiny products do not repay a fork-join.
        if (threads <= 1 || (long)m * n * k < 64L * 64 * 64)
        {
            job.Compute(0, m, 0, n);
            return;
        }
        // Give each thread whole panels of the larger dimension (in units of micro-tile work).
        bool splitRows = rowPanels * MR >= colPanels * NR / 2 && rowPanels >= threads;
        int units = splitRows ? rowPanels : colPanels;
        CpuParallel.ForParts(threads, units, (part, parts) =>
        {
            int u0 = (int)((long)units * part / parts), u1 = (int)((long)units * (part + 1) / parts);
            if (splitRows)
                job.Compute(u0 * MR, Math.Min(m, u1 * MR), 0, n);
            else
                job.Compute(0, m, u0 * NR, Math.Min(n, u1 * NR));
        });
    }

    private static void ScaleC(int m, int n, float beta, float* c, int ldc)
    {
        if (beta == 1f)
            return;
        for (int i = 0; i < m; i++)
        {
            var row = new Span<float>(c + (long)i * ldc, n);
            if (beta == 0f)
                row.Clear();
            else
                System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
        }
    }

    /// <summary>K blocks of near-equal size ≤ <see cref="MaxKC"/>: a function of k only (determinism).</summary>
    private static int BlockK(int k) => (k + (k + MaxKC - 1) / MaxKC - 1) / ((k + MaxKC - 1) / MaxKC);

    private sealed class Job(bool transA, bool transB, int k, float alpha, float* a, int lda, float* b, int ldb, float* c, int ldc, bool overwriteFirst)
    {
        private readonly nint _a = (nint)a, _b = (nint)b, _c = (nint)c;

        /// <summary>Computes C[r0..r1, c0..c1) (r0 a multiple of MR, c0 of NR) on the calling thread.</summary>
        public void Compute(int r0, int r1, int c0, int c1)
        {
            float* packedA = PackABuffer();
            float* packedB = PackBBuffer();
            int kcMax = BlockK(k);
            for (int jc = c0; jc < c1; jc += NC)
            {
                int nc = Math.Min(NC, c1 - jc);
                for (int pc = 0; pc < k; pc += kcMax)
                {
                    int kc = Math.Min(kcMax, k - pc);
                    PackB(packedB, jc, nc, pc, kc);
                    for (int ic = r0; ic < r1; ic += MC)
                    {
                        int mc = Math.Min(MC, r1 - ic);
                        PackA(packedA, ic, mc, pc, kc);
                        MacroKernel(packedA, packedB, ic, mc, jc, nc, kc, overwriteFirst && pc == 0);
                    }
                }
            }
        }

        private void PackB(float* dst, int jc, int nc, int pc, int kc)
        {
            float* src0 = (float*)_b;
            for (int jp = 0; jp * NR < nc; jp++)
            {
                int j0 = jc + jp * NR;
                int cols = Math.Min(NR, jc + nc - j0);
                float* d = dst + (long)jp * kc * NR;
                if (!transB)
                {
                    float* src = src0 + (long)pc * ldb + j0;
                    if (cols == NR)
                    {
                        for (int p = 0; p < kc; p++, src += ldb, d += NR)
                        {
                            Avx.Store(d, Avx.LoadVector256(src));
                            Avx.Store(d + 8, Avx.LoadVector256(src + 8));
                        }
                    }
                    else
                    {
                        for (int p = 0; p < kc; p++, src += ldb, d += NR)
                        {
                            int j = 0;
                            for (; j < cols; j++)
                                d[j] = src[j];
                            for (; j < NR; j++)
                                d[j] = 0f;
                        }
                    }
                }
                else
                {
                    // B stored [n, k]: column j of op(B) is row j of the storage. Transpose 8×8 blocks.
                    PackTransposed(d, src0 + (long)j0 * ldb + pc, ldb, cols, kc, NR);
                }
            }
        }

        private void PackA(float* dst, int i0, int mc, int pc, int kc)
        {
            float* src0 = (float*)_a;
            for (int ip = 0; ip * MR < mc; ip++)
            {
                int r0 = i0 + ip * MR;
                int rows = Math.Min(MR, i0 + mc - r0);
                float* d = dst + (long)ip * kc * MR;
                if (!transA)
                {
                    // A stored [m, k]: panel element (p, r) is A[r0 + r, pc + p]. Transpose 8×8 blocks.
                    PackTransposed(d, src0 + (long)r0 * lda + pc, lda, rows, kc, MR);
                }
                else
                {
                    // A stored [k, m]: row i of op(A) is column i of the storage.
                    float* src = src0 + (long)pc * lda + r0;
                    for (int p = 0; p < kc; p++, src += lda, d += MR)
                    {
                        int r = 0;
                        for (; r < rows; r++)
                            d[r] = src[r];
                        for (; r < MR; r++)
                            d[r] = 0f;
                    }
                }
            }
        }

        private void MacroKernel(float* packedA, float* packedB, int ic, int mc, int jc, int nc, int kc, bool overwrite)
        {
            float* cBase = (float*)_c;
            float* tile = stackalloc float[MR * NR];
            for (int jp = 0; jp * NR < nc; jp++)
            {
                int j0 = jp * NR;
                int cols = Math.Min(NR, nc - j0);
                float* bp = packedB + (long)jp * kc * NR;
                for (int ip = 0; ip * MR < mc; ip++)
                {
                    int rows = Math.Min(MR, mc - ip * MR);
                    float* ap = packedA + (long)ip * kc * MR;
                    float* cp = cBase + (long)(ic + ip * MR) * ldc + jc + j0;
                    if (rows == MR && cols == NR)
                    {
                        Kernel6x16(kc, ap, bp, cp, ldc, alpha, overwrite);
                    }
                    else
                    {
                        Kernel6x16(kc, ap, bp, tile, NR, 1f, overwrite: true);
                        for (int r = 0; r < rows; r++)
                            for (int j = 0; j < cols; j++)
                                cp[(long)r * ldc + j] = overwrite ? alpha * tile[r * NR + j] : cp[(long)r * ldc + j] + alpha * tile[r * NR + j];
                    }
                }
            }
        }
    }

    /// <summary>
    /// Writes d[p·width + r] = src[r·ld + p] for r &lt; rows (zeros for rows ≤ r &lt; width) and p &lt; kc: the packed
    /// panel of a matrix stored the other way round. Eight rows and eight columns at a time through an AVX 8×8
    /// transpose; width is 6 (A panels) or 16 (B panels, done as two 8-row halves). Panels of width 6 are written
    /// with overlapping 8-wide stores, so the destination needs 2 floats of slack after the last panel.
    /// </summary>
    private static void PackTransposed(float* d, float* src, int ld, int rows, int kc, int width)
    {
        for (int half = 0; half < width; half += 8)
        {
            int r0 = half, rEnd = Math.Min(width, half + 8);
            int valid = Math.Clamp(rows - r0, 0, 8);
            int p = 0;
            if (valid > 0)
            {
                for (; p + 8 <= kc; p += 8)
                {
                    var v0 = valid > 0 ? Avx.LoadVector256(src + (long)(r0 + 0) * ld + p) : default;
                    var v1 = valid > 1 ? Avx.LoadVector256(src + (long)(r0 + 1) * ld + p) : default;
                    var v2 = valid > 2 ? Avx.LoadVector256(src + (long)(r0 + 2) * ld + p) : default;
                    var v3 = valid > 3 ? Avx.LoadVector256(src + (long)(r0 + 3) * ld + p) : default;
                    var v4 = valid > 4 ? Avx.LoadVector256(src + (long)(r0 + 4) * ld + p) : default;
                    var v5 = valid > 5 ? Avx.LoadVector256(src + (long)(r0 + 5) * ld + p) : default;
                    var v6 = valid > 6 && rEnd - r0 > 6 ? Avx.LoadVector256(src + (long)(r0 + 6) * ld + p) : default;
                    var v7 = valid > 7 && rEnd - r0 > 7 ? Avx.LoadVector256(src + (long)(r0 + 7) * ld + p) : default;
                    var t0 = Avx.UnpackLow(v0, v1);
                    var t1 = Avx.UnpackHigh(v0, v1);
                    var t2 = Avx.UnpackLow(v2, v3);
                    var t3 = Avx.UnpackHigh(v2, v3);
                    var t4 = Avx.UnpackLow(v4, v5);
                    var t5 = Avx.UnpackHigh(v4, v5);
                    var t6 = Avx.UnpackLow(v6, v7);
                    var t7 = Avx.UnpackHigh(v6, v7);
                    var u0 = Avx.Shuffle(t0, t2, 0x44);
                    var u1 = Avx.Shuffle(t0, t2, 0xEE);
                    var u2 = Avx.Shuffle(t1, t3, 0x44);
                    var u3 = Avx.Shuffle(t1, t3, 0xEE);
                    var u4 = Avx.Shuffle(t4, t6, 0x44);
                    var u5 = Avx.Shuffle(t4, t6, 0xEE);
                    var u6 = Avx.Shuffle(t5, t7, 0x44);
                    var u7 = Avx.Shuffle(t5, t7, 0xEE);
                    float* o = d + (long)p * width + half;
                    // Column i of the 8×8 block (p + i) goes to row p + i of the panel; in order, so the
                    // overlapping stores of 6-wide panels are overwritten by the next row.
                    Avx.Store(o, Avx.Permute2x128(u0, u4, 0x20));
                    Avx.Store(o + width, Avx.Permute2x128(u1, u5, 0x20));
                    Avx.Store(o + 2 * width, Avx.Permute2x128(u2, u6, 0x20));
                    Avx.Store(o + 3 * width, Avx.Permute2x128(u3, u7, 0x20));
                    Avx.Store(o + 4 * width, Avx.Permute2x128(u0, u4, 0x31));
                    Avx.Store(o + 5 * width, Avx.Permute2x128(u1, u5, 0x31));
                    Avx.Store(o + 6 * width, Avx.Permute2x128(u2, u6, 0x31));
                    Avx.Store(o + 7 * width, Avx.Permute2x128(u3, u7, 0x31));
                }
            }
            for (; p < kc; p++)
                for (int r = r0; r < rEnd; r++)
                    d[(long)p * width + r] = r < rows ? src[(long)r * ld + p] : 0f;
        }
    }

    /// <summary>C[0..6, 0..16] (+)= α · Ap·Bp over kc steps (Ap: kc×6 packed, Bp: kc×16 packed); overwrite skips reading C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel6x16(int kc, float* a, float* b, float* c, int ldc, float alpha, bool overwrite)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Avx.LoadAlignedVector256(b);
            var b1 = Avx.LoadAlignedVector256(b + 8);
            var a0 = Avx.BroadcastScalarToVector256(a);
            c00 = Fma.MultiplyAdd(a0, b0, c00);
            c01 = Fma.MultiplyAdd(a0, b1, c01);
            var a1 = Avx.BroadcastScalarToVector256(a + 1);
            c10 = Fma.MultiplyAdd(a1, b0, c10);
            c11 = Fma.MultiplyAdd(a1, b1, c11);
            var a2 = Avx.BroadcastScalarToVector256(a + 2);
            c20 = Fma.MultiplyAdd(a2, b0, c20);
            c21 = Fma.MultiplyAdd(a2, b1, c21);
            var a3 = Avx.BroadcastScalarToVector256(a + 3);
            c30 = Fma.MultiplyAdd(a3, b0, c30);
            c31 = Fma.MultiplyAdd(a3, b1, c31);
            var a4 = Avx.BroadcastScalarToVector256(a + 4);
            c40 = Fma.MultiplyAdd(a4, b0, c40);
            c41 = Fma.MultiplyAdd(a4, b1, c41);
            var a5 = Avx.BroadcastScalarToVector256(a + 5);
            c50 = Fma.MultiplyAdd(a5, b0, c50);
            c51 = Fma.MultiplyAdd(a5, b1, c51);
            a += MR;
            b += NR;
        }
        var va = Vector256.Create(alpha);
        if (overwrite)
        {
            Avx.Store(c, Avx.Multiply(c00, va));
            Avx.Store(c + 8, Avx.Multiply(c01, va));
            Avx.Store(c + ldc, Avx.Multiply(c10, va));
            Avx.Store(c + ldc + 8, Avx.Multiply(c11, va));
            Avx.Store(c + 2 * ldc, Avx.Multiply(c20, va));
            Avx.Store(c + 2 * ldc + 8, Avx.Multiply(c21, va));
            Avx.Store(c + 3 * ldc, Avx.Multiply(c30, va));
            Avx.Store(c + 3 * ldc + 8, Avx.Multiply(c31, va));
            Avx.Store(c + 4 * ldc, Avx.Multiply(c40, va));
            Avx.Store(c + 4 * ldc + 8, Avx.Multiply(c41, va));
            Avx.Store(c + 5 * ldc, Avx.Multiply(c50, va));
            Avx.Store(c + 5 * ldc + 8, Avx.Multiply(c51, va));
            return;
        }
        Store(c, c00, c01, va);
        Store(c + ldc, c10, c11, va);
        Store(c + 2 * ldc, c20, c21, va);
        Store(c + 3 * ldc, c30, c31, va);
        Store(c + 4 * ldc, c40, c41, va);
        Store(c + 5 * ldc, c50, c51, va);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector256<float> lo, Vector256<float> hi, Vector256<float> alpha)
    {
        Avx.Store(c, Fma.MultiplyAdd(lo, alpha, Avx.LoadVector256(c)));
        Avx.Store(c + 8, Fma.MultiplyAdd(hi, alpha, Avx.LoadVector256(c + 8)));
    }

    // Machines without AVX2/FMA: a straightforward loop in the same summation order (p innermost per element).
    private static void Portable(bool transA, bool transB, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb, float* c, int ldc)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float sum = 0f;
                for (int p = 0; p < k; p++)
                {
                    float av = transA ? a[(long)p * lda + i] : a[(long)i * lda + p];
                    float bv = transB ? b[(long)j * ldb + p] : b[(long)p * ldb + j];
                    sum += av * bv;
                }
                c[(long)i * ldc + j] += alpha * sum;
            }
        }
    }
}
