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
            for (int e = Group.IdxX; e < rows * chunk; e += Group.DimX)
            {
                int r = e / chunk, kk = e - r * chunk;
                float v = 0f;
                if (kk < length)
                    v = r < m ? a[(long)r * k + k0 + kk] : b[(long)(r - m) * k + k0 + kk];
                tile[r * stride + kk] = v;
            }
            Group.Barrier();
            for (int o = Group.IdxX; o < outputs; o += Group.DimX)
            {
                int i = o / n, j = o - i * n;
                int ai = i * stride, bj = (m + j) * stride;
                double s = 0;
                for (int kk = 0; kk < length; kk++)
                    s += (double)tile[ai + kk] * tile[bj + kk];
                partials[(long)p * outputs + o] = s;
            }
            Group.Barrier();
        }
    }

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
