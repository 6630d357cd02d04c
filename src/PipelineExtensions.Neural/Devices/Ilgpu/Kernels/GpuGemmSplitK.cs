using ILGPU;
using ILGPU.Runtime;

namespace PipelineExtensions.Neural.Devices.Ilgpu.Kernels;

/// <summary>
/// C ← α·A·Bᵀ + β·C for a small C and a long k (A [m, k] and B [n, k] row-major): a convolution's weight gradient
/// when the layer has few weights and the batch many pixels (1→32 3×3 at batch 128: 32×9 outputs, k = 100,352).
/// cuBLAS took 107 µs on an H100 for that shape and a tiled kernel has only a handful of output tiles to spread
/// over 132 SMs; here k is cut into chunks, one group per chunk computes every output's partial sum in double from
/// shared memory, and one group per output adds the chunks' partials in a fixed tree, so the result repeats exactly.
/// </summary>
internal static class GpuGemmSplitK
{
    /// <summary>Shared-memory floats per group: the chunk's rows of A and B, each padded by one float.</summary>
    public const int TileFloats = 8192;

    /// <summary>Most partials (doubles) one product may use.</summary>
    public const long MaxPartials = 1 << 22;

    /// <summary>k values per chunk: as many as fit the tile for m + n rows (at least 32).</summary>
    public static int ChunkFor(int m, int n) => Math.Min(512, TileFloats / (m + n) - 1);

    /// <summary>True when the shape suits this kernel better than a general GEMM.</summary>
    public static bool Suits(bool transposeA, bool transposeB, int m, int n, int k) =>
        !transposeA && transposeB && (long)m * n <= 1024 && m + n <= TileFloats / 33 && k >= 16_384 &&
        (long)m * n * ((k + ChunkFor(m, n) - 1) / ChunkFor(m, n)) <= MaxPartials;

    /// <summary>
    /// partials[p·m·n + i·n + j] ← Σ over chunk p of A[i, ·]·B[j, ·], one group per chunk: the group stages the
    /// chunk's m rows of A and n rows of B in shared memory with coalesced loads, then each thread sums outputs
    /// from there (rows padded by one float, so a warp's reads of different rows fall in different banks).
    /// </summary>
    public static void Partials(ArrayView<float> a, ArrayView<float> b, ArrayView<double> partials, int m, int n, int k, int chunk, int parts)
    {
        var tile = SharedMemory.Allocate<float>(TileFloats);
        int stride = chunk + 1, rows = m + n, outputs = m * n;
        for (int p = Grid.IdxX; p < parts; p += Grid.DimX)
        {
            int k0 = p * chunk, length = Math.Min(chunk, k - k0);
            // Row by row, a thread per k position; two rows per step so two loads are in flight at once.
            for (int kk = Group.IdxX; kk < chunk; kk += Group.DimX)
            {
                int r = 0;
                for (; r + 1 < rows; r += 2)
                {
                    float v0 = Load(a, b, m, k, r, k0 + kk, kk < length);
                    float v1 = Load(a, b, m, k, r + 1, k0 + kk, kk < length);
                    tile[r * stride + kk] = v0;
                    tile[(r + 1) * stride + kk] = v1;
                }
                if (r < rows)
                    tile[r * stride + kk] = Load(a, b, m, k, r, k0 + kk, kk < length);
            }
            Group.Barrier();
            for (int o = Group.IdxX; o < outputs; o += Group.DimX)
            {
                int i = o / n, j = o - i * n;
                int ai = i * stride, bj = (m + j) * stride;
                // Four independent float chains (each ≤ 128 terms) instead of one dependent double chain: the
                // chain's latency, not arithmetic, bounds this loop; the chains meet in double.
                float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
                int kk = 0;
                for (; kk + 3 < length; kk += 4)
                {
                    s0 += tile[ai + kk] * tile[bj + kk];
                    s1 += tile[ai + kk + 1] * tile[bj + kk + 1];
                    s2 += tile[ai + kk + 2] * tile[bj + kk + 2];
                    s3 += tile[ai + kk + 3] * tile[bj + kk + 3];
                }
                for (; kk < length; kk++)
                    s0 += tile[ai + kk] * tile[bj + kk];
                partials[(long)p * outputs + o] = ((double)s0 + s1) + ((double)s2 + s3);
            }
            Group.Barrier();
        }
    }

    // Row r of the stacked [A; B] at column kk (0 past the end of k).
    private static float Load(ArrayView<float> a, ArrayView<float> b, int m, int k, int r, int kk, bool inside) =>
        !inside ? 0f : r < m ? a[(long)r * k + kk] : b[(long)(r - m) * k + kk];

    /// <summary>c[o] ← α·Σ_p partials[p·m·n + o] + β·c[o] (β = 0 ignores C, NaN included), one group per output.</summary>
    public static void Finish(ArrayView<double> partials, ArrayView<float> c, int outputs, int parts, float alpha, float beta)
    {
        for (int o = Grid.IdxX; o < outputs; o += Grid.DimX)
        {
            double s = 0;
            for (int p = Group.IdxX; p < parts; p += Group.DimX)
                s += partials[(long)p * outputs + o];
            double total = GpuGroup.Sum(s);
            if (Group.IdxX == 0)
                c[o] = beta == 0f ? (float)(alpha * total) : (float)(alpha * total) + beta * c[o];
        }
    }

    /// <summary>The loaded kernels of one accelerator.</summary>
    internal sealed class Set(Accelerator a)
    {
        public readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<double>, int, int, int, int, int> Partials =
            a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<double>, int, int, int, int, int>(GpuGemmSplitK.Partials);
        public readonly Action<KernelConfig, ArrayView<double>, ArrayView<float>, int, int, float, float> Finish =
            a.LoadStreamKernel<ArrayView<double>, ArrayView<float>, int, int, float, float>(GpuGemmSplitK.Finish);
    }
}
