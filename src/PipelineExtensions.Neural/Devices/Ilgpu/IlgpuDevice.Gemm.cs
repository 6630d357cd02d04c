using ILGPU;
using ILGPU.Runtime.Cuda;
using Microsoft.Extensions.Logging;
using PipelineExtensions.Neural.Devices.Ilgpu.Kernels;

namespace PipelineExtensions.Neural.Devices.Ilgpu;

public sealed partial class IlgpuDevice
{
    private IlgpuGemmBackend _gemmBackend;
    private CuBlas? _cuBlas;
    private GpuGemmSplitK.Set? _splitK;
    private string? _cuBlasError;
    private bool _cuBlasTried;

    /// <summary>
    /// The GEMM implementation (default <see cref="IlgpuGemmBackend.Auto"/>: cuBLAS on CUDA when it loads, else the
    /// tiled kernel). Setting <see cref="IlgpuGemmBackend.CuBlas"/> throws when cuBLAS is not available here.
    /// </summary>
    public IlgpuGemmBackend GemmBackend
    {
        get => _gemmBackend;
        set
        {
            using var _ = Enter();
            if (value == IlgpuGemmBackend.CuBlas && TryCuBlas() is null)
                throw new InvalidOperationException($"{Name}: cuBLAS is not available: {_cuBlasError}");
            _gemmBackend = value;
        }
    }

    /// <summary>The implementation the next GEMM will use: "cublas" or "tiled".</summary>
    public string ActiveGemm
    {
        get
        {
            using var _ = Enter();
            return UseCuBlas() ? "cublas" : "tiled";
        }
    }

    /// <summary>Why cuBLAS is not used on this device (null when it is, or was never needed).</summary>
    public string? CuBlasUnavailableReason => _cuBlasError;

    /// <inheritdoc/>
    public override void Gemm(bool transposeA, bool transposeB, int m, int n, int k, float alpha, Storage a, Storage b, float beta, Storage c)
    {
        if (m <= 0 || n <= 0)
            return;
        using var _ = Enter();
        GemmCore(transposeA, transposeB, m, n, k, alpha, V(a), V(b), beta, V(c));
    }

    // Callers hold the lock. Views start at the matrices' first elements.
    private void GemmCore(bool transposeA, bool transposeB, int m, int n, int k, float alpha, ArrayView<float> a, ArrayView<float> b, float beta, ArrayView<float> c)
    {
        if (k == 0)
        {
            // An empty product: C ← β·C (cuBLAS rejects the zero leading dimensions this shape implies).
            if (beta == 0f)
                Elementwise.Fill(Elements((long)m * n), c, 0, m * n, 0f);
            else if (beta != 1f)
                Elementwise.Affine(Elements((long)m * n), c, c, m * n, beta, 0f);
            return;
        }
        if (GpuGemmSplitK.Suits(transposeA, transposeB, m, n, k))
        {
            int chunk = GpuGemmSplitK.ChunkFor(m, n), parts = (k + chunk - 1) / chunk;
            var partials = Doubles(parts * m * n);
            var splitK = _splitK ??= new GpuGemmSplitK.Set(_accelerator);
            splitK.Partials(GroupPerItem(parts), a, b, partials, m, n, k, chunk, parts);
            splitK.Finish(GroupPerItem(m * n), partials, c, m * n, parts, alpha, beta);
            return;
        }
        if (UseCuBlas())
        {
            // cuBLAS is column-major: the row-major C = op(A)·op(B) is the column-major Cᵀ = op(B)ᵀ·op(A)ᵀ, and a
            // row-major matrix read column-major is its transpose, so pass B first with the same flags.
            var cuBlas = _cuBlas!;
            cuBlas.Gemm(transposeB ? CuBlasOperation.Transpose : CuBlasOperation.NonTranspose,
                transposeA ? CuBlasOperation.Transpose : CuBlasOperation.NonTranspose,
                n, m, k, alpha, b, transposeB ? k : n, a, transposeA ? m : k, beta, c, n);
            return;
        }
        if (_groupSize >= GpuGemm.Threads<GemmTile64>())
            (_gemm64 ??= new GpuGemm.Set<GemmTile64>(_accelerator)).Run(transposeA, transposeB, m, n, k, alpha, a, b, beta, c);
        else
            (_gemm8 ??= new GpuGemm.Set<GemmTile8>(_accelerator)).Run(transposeA, transposeB, m, n, k, alpha, a, b, beta, c);
    }

    private bool UseCuBlas() => _gemmBackend != IlgpuGemmBackend.Tiled && IsCuda && TryCuBlas() is not null;

    private CuBlas? TryCuBlas()
    {
        if (_cuBlasTried)
            return _cuBlas;
        _cuBlasTried = true;
        if (!IsCuda)
        {
            _cuBlasError = "not a CUDA device";
            return null;
        }
        try
        {
            CuBlasLibraryResolver.Install();
            var cuBlas = new CuBlas((CudaAccelerator)_accelerator)
            {
                Stream = (CudaStream)_stream,
                PointerMode = CuBlasPointerMode.Host,
                MathMode = CuBlasMathMode.DefaultMath,
            };
            _cuBlas = cuBlas;
        }
        catch (Exception e)
        {
            _cuBlasError = $"{e.GetType().Name}: {e.Message}";
            _logger.LogWarning("{Device}: cuBLAS could not be loaded ({Reason}); GEMM uses the tiled ILGPU kernel.", Name, _cuBlasError);
        }
        return _cuBlas;
    }
}
