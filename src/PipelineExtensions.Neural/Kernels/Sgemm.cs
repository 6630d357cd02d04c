using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PipelineExtensions.Neural.Kernels;

/// <summary>
/// Single-precision GEMM, C ← α·op(A)·op(B) + β·C (row-major), in the Goto/BLIS structure: B is packed into
/// KC×NR column panels shared by all threads, A into MC×KC blocks of MR-row panels per thread, and a 6×16
/// register-blocked AVX2/FMA micro-kernel (12 accumulators) does the arithmetic. Threads split the rows (or the
/// columns when there are few rows) of C; the K loop is never split, so every element of C is summed in the
/// same order whatever the thread count — results are deterministic.
/// </summary>
internal static unsafe class Sgemm
{
    public const int MR = 6;
    public const int NR = 16;
    private const int KC = 256;
    private const int MC = 72;
    private const int NC = 4096;

    // Packing buffers: per thread, pinned, allocated once at their largest size.
    [ThreadStatic]
    private static float[]? _packA;

    [ThreadStatic]
    private static float[]? _packB;

    private static float* PackABuffer()
    {
        _packA ??= GC.AllocateUninitializedArray<float>(MC * KC + 64, pinned: true);
        return Align((float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_packA)));
    }

    private static float* PackBBuffer()
    {
        _packB ??= GC.AllocateUninitializedArray<float>(KC * NC + 64, pinned: true);
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
        ScaleC(m, n, beta, c, ldc);
        if (k <= 0 || alpha == 0f)
            return;
        if (!IsAccelerated)
        {
            Portable(transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc);
            return;
        }
        // Tiny products do not repay a thread hand-off.
        if ((long)m * n * k < 48L * 48 * 48)
            threads = 1;
        var job = new Job(transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc, threads);
        job.Execute();
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

    private sealed class Job
    {
        private readonly bool _transA, _transB;
        private readonly int _m, _n, _k, _lda, _ldb, _ldc, _threads;
        private readonly float _alpha;
        private readonly nint _a, _b, _c;
        private nint _packedB;
        private int _jc, _nc, _pc, _kc;
        private readonly bool _splitRows;
        private readonly int _parts;

        public Job(bool transA, bool transB, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb, float* c, int ldc, int threads)
        {
            _transA = transA;
            _transB = transB;
            _m = m;
            _n = n;
            _k = k;
            _alpha = alpha;
            _a = (nint)a;
            _b = (nint)b;
            _c = (nint)c;
            _lda = lda;
            _ldb = ldb;
            _ldc = ldc;
            _threads = threads;
            int rowPanels = (m + MR - 1) / MR;
            int colPanels = (Math.Min(n, NC) + NR - 1) / NR;
            // Split rows when there are enough row panels for every thread; otherwise split column panels.
            _splitRows = rowPanels >= 2 * threads || rowPanels >= colPanels;
            _parts = Math.Max(1, Math.Min(threads, _splitRows ? rowPanels : colPanels));
        }

        public void Execute()
        {
            float* packedB = PackBBuffer();
            _packedB = (nint)packedB;
            for (int jc = 0; jc < _n; jc += NC)
            {
                int nc = Math.Min(NC, _n - jc);
                for (int pc = 0; pc < _k; pc += KC)
                {
                    int kc = Math.Min(KC, _k - pc);
                    _jc = jc;
                    _nc = nc;
                    _pc = pc;
                    _kc = kc;
                    int panels = (nc + NR - 1) / NR;
                    if (_parts > 1)
                    {
                        Parallel.For(0, _parts, new ParallelOptions { MaxDegreeOfParallelism = _threads }, PackBPart);
                        Parallel.For(0, _parts, new ParallelOptions { MaxDegreeOfParallelism = _threads }, ComputePart);
                    }
                    else
                    {
                        PackB(0, panels);
                        ComputePart(0);
                    }
                }
            }
        }

        private void PackBPart(int part)
        {
            int panels = (_nc + NR - 1) / NR;
            PackB(panels * part / _parts, panels * (part + 1) / _parts);
        }

        private void PackB(int firstPanel, int endPanel)
        {
            float* dst = (float*)_packedB;
            float* b = (float*)_b;
            for (int jp = firstPanel; jp < endPanel; jp++)
            {
                int j0 = _jc + jp * NR;
                int cols = Math.Min(NR, _jc + _nc - j0);
                float* d = dst + (long)jp * _kc * NR;
                if (!_transB)
                {
                    float* src = b + (long)_pc * _ldb + j0;
                    if (cols == NR)
                    {
                        for (int p = 0; p < _kc; p++, src += _ldb, d += NR)
                        {
                            Avx.Store(d, Avx.LoadVector256(src));
                            Avx.Store(d + 8, Avx.LoadVector256(src + 8));
                        }
                    }
                    else
                    {
                        for (int p = 0; p < _kc; p++, src += _ldb, d += NR)
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
                    // B stored [n, k]: column j of op(B) is row j of the storage.
                    for (int j = 0; j < NR; j++)
                    {
                        if (j < cols)
                        {
                            float* src = b + (long)(j0 + j) * _ldb + _pc;
                            for (int p = 0; p < _kc; p++)
                                d[p * NR + j] = src[p];
                        }
                        else
                        {
                            for (int p = 0; p < _kc; p++)
                                d[p * NR + j] = 0f;
                        }
                    }
                }
            }
        }

        private void ComputePart(int part)
        {
            float* packedA = PackABuffer();
            int rowPanels = (_m + MR - 1) / MR;
            int colPanels = (_nc + NR - 1) / NR;
            int rowStart = 0, rowEnd = _m, colPanelStart = 0, colPanelEnd = colPanels;
            if (_splitRows)
            {
                rowStart = rowPanels * part / _parts * MR;
                rowEnd = Math.Min(_m, rowPanels * (part + 1) / _parts * MR);
            }
            else
            {
                colPanelStart = colPanels * part / _parts;
                colPanelEnd = colPanels * (part + 1) / _parts;
            }
            for (int ic = rowStart; ic < rowEnd; ic += MC)
            {
                int mc = Math.Min(MC, rowEnd - ic);
                PackA(packedA, ic, mc);
                MacroKernel(packedA, ic, mc, colPanelStart, colPanelEnd);
            }
        }

        private void PackA(float* dst, int i0, int mc)
        {
            float* a = (float*)_a;
            for (int ip = 0; ip * MR < mc; ip++)
            {
                int r0 = i0 + ip * MR;
                int rows = Math.Min(MR, i0 + mc - r0);
                float* d = dst + (long)ip * _kc * MR;
                if (!_transA)
                {
                    for (int r = 0; r < MR; r++)
                    {
                        if (r < rows)
                        {
                            float* src = a + (long)(r0 + r) * _lda + _pc;
                            for (int p = 0; p < _kc; p++)
                                d[p * MR + r] = src[p];
                        }
                        else
                        {
                            for (int p = 0; p < _kc; p++)
                                d[p * MR + r] = 0f;
                        }
                    }
                }
                else
                {
                    // A stored [k, m]: row i of op(A) is column i of the storage.
                    float* src = a + (long)_pc * _lda + r0;
                    for (int p = 0; p < _kc; p++, src += _lda, d += MR)
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

        private void MacroKernel(float* packedA, int ic, int mc, int colPanelStart, int colPanelEnd)
        {
            float* packedB = (float*)_packedB;
            float* c = (float*)_c;
            float* tile = stackalloc float[MR * NR];
            for (int jp = colPanelStart; jp < colPanelEnd; jp++)
            {
                int j0 = jp * NR;
                int cols = Math.Min(NR, _nc - j0);
                float* bp = packedB + (long)jp * _kc * NR;
                for (int ip = 0; ip * MR < mc; ip++)
                {
                    int rows = Math.Min(MR, mc - ip * MR);
                    float* ap = packedA + (long)ip * _kc * MR;
                    float* cp = c + (long)(ic + ip * MR) * _ldc + _jc + j0;
                    if (rows == MR && cols == NR)
                    {
                        Kernel6x16(_kc, ap, bp, cp, _ldc, _alpha);
                    }
                    else
                    {
                        new Span<float>(tile, MR * NR).Clear();
                        Kernel6x16(_kc, ap, bp, tile, NR, 1f);
                        for (int r = 0; r < rows; r++)
                            for (int j = 0; j < cols; j++)
                                cp[(long)r * _ldc + j] += _alpha * tile[r * NR + j];
                    }
                }
            }
        }
    }

    /// <summary>C[0..6, 0..16] += α · Ap·Bp over kc steps (Ap: kc×6 packed, Bp: kc×16 packed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel6x16(int kc, float* a, float* b, float* c, int ldc, float alpha)
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
