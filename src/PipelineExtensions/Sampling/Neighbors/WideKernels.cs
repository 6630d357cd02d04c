using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>
/// Whether the screens' AVX-512 kernels run (Vector512, <c>Avx512BW</c>): decided once at startup from the CPU, with
/// the AVX2 kernels as the fallback where it lacks them. The two paths give the same verdicts and values; tests call
/// both kernels directly and force the searches' choice through their own parameters.
/// </summary>
internal static class WideKernels
{
    /// <summary>Whether this CPU and runtime run 512-bit integer and float kernels in hardware.</summary>
    public static bool Supported { get; } = Avx512F.IsSupported && Avx512BW.IsSupported && Vector512.IsHardwareAccelerated;

    /// <summary>Whether the searches use the AVX-512 kernels (and the cascade built on them); <see cref="Supported"/> unless set.</summary>
    public static bool Enabled { get; set; } = Supported;
}
