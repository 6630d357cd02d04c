using ILGPU;
using ILGPU.Runtime;

namespace PipelineExtensions.Neural.Devices.Ilgpu.Kernels;

/// <summary>The block shape of the tiled GEMM kernel, fixed at kernel compile time through a type argument.</summary>
internal interface IGemmTile
{
    /// <summary>Rows of C per group (a multiple of 4).</summary>
    int BM { get; }

    /// <summary>Columns of C per group (a multiple of 4).</summary>
    int BN { get; }

    /// <summary>Depth of one shared-memory tile.</summary>
    int BK { get; }
}

/// <summary>64×64 blocks of C, 16-deep tiles, 256 threads of 4×4 outputs: the CUDA configuration.</summary>
internal readonly struct GemmTile64 : IGemmTile
{
    public int BM => 64;
    public int BN => 64;
    public int BK => 16;
}

/// <summary>8×8 blocks, 4-deep tiles, 4 threads: the configuration for ILGPU's CPU accelerator (small groups).</summary>
internal readonly struct GemmTile8 : IGemmTile
{
    public int BM => 8;
    public int BN => 8;
    public int BK => 4;
}

/// <summary>
/// C ← α·op(A)·op(B) + β·C (row-major) as a classic shared-memory tiled kernel: each group stages BM×BK of A and
/// BK×BN of B in shared memory (k-major, zero-padded at the edges, loads coalesced along the stored rows for
/// either transpose), and each thread keeps a 4×4 block of C in registers, its rows and columns strided by
/// BM/4 and BN/4 so that a warp's shared reads are conflict-free and its global stores contiguous.
/// Every C element is summed over k in one fixed order: results are deterministic.
/// </summary>
internal static class GpuGemm
{
    public static void Tiled<T>(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, int m, int n, int k,
        float alpha, float beta, int transposeA, int transposeB) where T : struct, IGemmTile
    {
        int bm = default(T).BM, bn = default(T).BN, bk = default(T).BK;
        var aTile = SharedMemory.Allocate<float>(default(T).BM * default(T).BK);
        var bTile = SharedMemory.Allocate<float>(default(T).BK * default(T).BN);
        int threads = Group.DimX, tid = Group.IdxX;
        int colThreads = bn / 4, rowThreads = bm / 4;
        int tx = tid % colThreads, ty = tid / colThreads;
        int blocksN = (n + bn - 1) / bn;
        int m0 = Grid.IdxX / blocksN * bm, n0 = Grid.IdxX % blocksN * bn;

        float c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        float c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int k0 = 0; k0 < k; k0 += bk)
        {
            for (int e = tid; e < bm * bk; e += threads)
            {
                int i, p;
                if (transposeA == 0)
                {
                    p = e % bk;
                    i = e / bk;
                }
                else
                {
                    i = e % bm;
                    p = e / bm;
                }
                int gi = m0 + i, gp = k0 + p;
                aTile[p * bm + i] = gi < m && gp < k ? a[transposeA == 0 ? gi * k + gp : gp * m + gi] : 0f;
            }
            for (int e = tid; e < bk * bn; e += threads)
            {
                int j, p;
                if (transposeB == 0)
                {
                    j = e % bn;
                    p = e / bn;
                }
                else
                {
                    p = e % bk;
                    j = e / bk;
                }
                int gj = n0 + j, gp = k0 + p;
                bTile[p * bn + j] = gj < n && gp < k ? b[transposeB == 0 ? gp * n + gj : gj * k + gp] : 0f;
            }
            Group.Barrier();
            for (int p = 0; p < bk; p++)
            {
                int ao = p * bm + ty, bo = p * bn + tx;
                float a0 = aTile[ao], a1 = aTile[ao + rowThreads], a2 = aTile[ao + 2 * rowThreads], a3 = aTile[ao + 3 * rowThreads];
                float b0 = bTile[bo], b1 = bTile[bo + colThreads], b2 = bTile[bo + 2 * colThreads], b3 = bTile[bo + 3 * colThreads];
                c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
                c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
                c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
                c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
            }
            Group.Barrier();
        }
        int r0 = m0 + ty, q0 = n0 + tx;
        StoreRow(c, m, n, r0, q0, colThreads, alpha, beta, c00, c01, c02, c03);
        StoreRow(c, m, n, r0 + rowThreads, q0, colThreads, alpha, beta, c10, c11, c12, c13);
        StoreRow(c, m, n, r0 + 2 * rowThreads, q0, colThreads, alpha, beta, c20, c21, c22, c23);
        StoreRow(c, m, n, r0 + 3 * rowThreads, q0, colThreads, alpha, beta, c30, c31, c32, c33);
    }

    private static void StoreRow(ArrayView<float> c, int m, int n, int row, int col, int step, float alpha, float beta, float v0, float v1, float v2, float v3)
    {
        if (row >= m)
            return;
        Store(c, n, row, col, alpha, beta, v0);
        Store(c, n, row, col + step, alpha, beta, v1);
        Store(c, n, row, col + 2 * step, alpha, beta, v2);
        Store(c, n, row, col + 3 * step, alpha, beta, v3);
    }

    private static void Store(ArrayView<float> c, int n, int row, int col, float alpha, float beta, float v)
    {
        if (col >= n)
            return;
        int o = row * n + col;
        // β = 0 must not read C: it may hold garbage (NaN) from the pool.
        c[o] = beta == 0f ? alpha * v : alpha * v + beta * c[o];
    }

    /// <summary>Threads per group of <see cref="Tiled{T}"/> for tile <typeparamref name="T"/>.</summary>
    public static int Threads<T>() where T : struct, IGemmTile => default(T).BM / 4 * (default(T).BN / 4);

    /// <summary>Groups needed for an m×n product.</summary>
    public static int Groups<T>(int m, int n) where T : struct, IGemmTile =>
        (m + default(T).BM - 1) / default(T).BM * ((n + default(T).BN - 1) / default(T).BN);

    /// <summary>The loaded GEMM kernel for tile <typeparamref name="T"/>.</summary>
    internal sealed class Set<T>(Accelerator a) where T : struct, IGemmTile
    {
        public readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, float, float, int, int> Tiled =
            a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, float, float, int, int>(GpuGemm.Tiled<T>);

        public void Run(bool transposeA, bool transposeB, int m, int n, int k, float alpha, ArrayView<float> av, ArrayView<float> bv, float beta, ArrayView<float> cv) =>
            Tiled(new KernelConfig(Groups<T>(m, n), Threads<T>()), av, bv, cv, m, n, k, alpha, beta, transposeA ? 1 : 0, transposeB ? 1 : 0);
    }
}
