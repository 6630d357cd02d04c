using ILGPU;
using ILGPU.Runtime;

namespace PipelineExtensions.Neural.Devices.Ilgpu.Kernels;

/// <summary>
/// C ← α·A·Bᵀ + β·C for a small C and a long k (A [m, k] and B [n, k] row-major): a convolution's weight gradient
/// when the layer has few weights and the batch many pixels (1→32 3×3 at batch 128: 32×9 outputs, k = 100,352).
/// cuBLAS took 107 µs on an H100 for that shape and a tiled kernel has only a handful of output tiles to spread
/// over 132 SMs; here k is cut into chunks, every (chunk, output) pair is a thread summing in double, and one
/// group per output adds the chunks' partials in a fixed tree, so the result repeats exactly.
/// </summary>
internal static class GpuGemmSplitK
{
    /// <summary>k values per chunk, at least.</summary>
    public const int MinChunk = 512;

    /// <summary>Most partials (doubles) one product may use: longer k gets longer chunks.</summary>
    public const long MaxPartials = 1 << 22;

    /// <summary>The chunk length for a product: <see cref="MinChunk"/>, or longer when the partials would exceed <see cref="MaxPartials"/>.</summary>
    public static int ChunkFor(int m, int n, int k) =>
        (int)Math.Max(MinChunk, ((long)k * m * n + MaxPartials - 1) / MaxPartials);

    /// <summary>True when the shape suits this kernel better than a general GEMM.</summary>
    public static bool Suits(bool transposeA, bool transposeB, int m, int n, int k) =>
        !transposeA && transposeB && (long)m * n <= 1024 && k >= 16_384;

    /// <summary>partials[p·m·n + i·n + j] ← Σ over chunk p of A[i, ·]·B[j, ·].</summary>
    public static void Partials(ArrayView<float> a, ArrayView<float> b, ArrayView<double> partials, int m, int n, int k, int chunk, int parts)
    {
        int mn = m * n, total = parts * mn;
        for (int e = GpuGroup.Start; e < total; e += GpuGroup.Stride)
        {
            int p = e / mn, o = e - p * mn;
            int i = o / n, j = o - i * n;
            int k0 = p * chunk, k1 = Math.Min(k, k0 + chunk);
            long aRow = (long)i * k, bRow = (long)j * k;
            double s = 0;
            for (int kk = k0; kk < k1; kk++)
                s += (double)a[aRow + kk] * b[bRow + kk];
            partials[e] = s;
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
