namespace PipelineExtensions.Neural.Devices.Ilgpu;

/// <summary>Which implementation runs <see cref="Device.Gemm"/> on an <see cref="IlgpuDevice"/>.</summary>
public enum IlgpuGemmBackend
{
    /// <summary>cuBLAS on CUDA when the library loads, the tiled kernel otherwise (the default).</summary>
    Auto,

    /// <summary>The shared-memory tiled ILGPU kernel, on any accelerator.</summary>
    Tiled,

    /// <summary>cuBLAS (SGEMM, FP32 math without TF32); throws when it is not available.</summary>
    CuBlas,
}
