using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Devices.Cpu;
using PipelineExtensions.Neural.Devices.Ilgpu;
using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Tests.Devices;

/// <summary>
/// The devices the conformance suite compares: the CPU backend is the reference (itself checked against finite
/// differences and PyTorch vectors elsewhere), the ILGPU backend runs on ILGPU's CPU accelerator everywhere and on
/// CUDA when a GPU is present. One CPU accelerator is shared by all tests (kernels compile once).
/// </summary>
/// <remarks>
/// Tolerances: |candidate − reference| ≤ atol + rtol·|reference| element by element, with
/// <list type="bullet">
/// <item><see cref="Exact"/> (0, 0) for data movement and integer logic: copies, ReLU, max pooling, dropout masks;</item>
/// <item><see cref="Elementwise"/> (rtol 2e-6, atol 1e-7) for float arithmetic that may round once differently (FMA
/// contraction, MathF vs the CPU's vectorised exp/tanh/sigmoid, a few ulp);</item>
/// <item><see cref="Summed"/> (rtol 1e-4, atol 1e-5) for anything that sums many terms (GEMM, convolution, reductions,
/// softmax, losses, batch statistics): the order of float additions differs between the backends, each adding
/// O(k·ε) relative error for k terms with values of order one;</item>
/// <item><see cref="Training"/> (rtol 2e-3, atol 1e-4) for losses after several optimizer steps, where the rounding
/// differences above compound through the updates.</item>
/// </list>
/// </remarks>
internal static partial class Conformance
{
    private static readonly Lazy<IlgpuDevice> CpuAcceleratorDevice = new(() => IlgpuDevice.CpuAccelerator());
    private static readonly Lazy<string?> NoCudaReason = new(() =>
    {
        try
        {
            var names = IlgpuDevice.CudaDeviceNames();
            return names.Count > 0 ? null : "no CUDA device on this machine (ILGPU found none): the CUDA conformance run needs a GPU";
        }
        catch (Exception e)
        {
            return $"CUDA is not usable here ({e.GetType().Name}: {e.Message})";
        }
    });
    private static readonly Lazy<IlgpuDevice> CudaDevice = new(() => DeviceSelection.SharedCuda(0));

    /// <summary>The reference: the CPU backend (2 threads, as on the CI machine).</summary>
    public static Device Reference { get; } = new CpuDevice(2);

    /// <summary>ILGPU's CPU accelerator (shared).</summary>
    public static IlgpuDevice CpuAccelerator => CpuAcceleratorDevice.Value;

    /// <summary>Why CUDA tests are skipped, or null when a GPU is present.</summary>
    public static string? CudaSkipReason => NoCudaReason.Value;

    /// <summary>CUDA GPU 0 (only when <see cref="CudaSkipReason"/> is null).</summary>
    public static IlgpuDevice Cuda => CudaDevice.Value;

    /// <summary>The candidate device named by a test case ("ilgpu-cpu" or "cuda").</summary>
    public static Device Candidate(string name) => name == "cuda" ? Cuda : CpuAccelerator;

    public static void AssertClose(float[] expected, float[] actual, (double Rtol, double Atol) tolerance, string what)
    {
        var d = Measure(expected, actual, tolerance, what);
        Assert.True(d.Violations == 0, $"{d.First} ({d.Violations} of {expected.Length} values outside the tolerance)");
    }
}

/// <summary>A fact that runs only when a CUDA GPU is present; skipped otherwise, with the reason shown.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (Conformance.CudaSkipReason is { } reason)
            Skip = reason;
    }
}
