using PipelineExtensions.Neural.Devices.Ilgpu;

namespace PipelineExtensions.Neural.Tests.Devices;

/// <summary>
/// Every kernel compiles to PTX (ILGPU's CUDA code generator, no GPU needed) for the H100/H200 (sm_90) and the
/// A100 (sm_80): the CPU accelerator runs kernels as .NET code, so only this shows they are valid GPU kernels.
/// </summary>
public class PtxCompilationTests
{
    [Theory]
    [InlineData(9, 0)]
    [InlineData(8, 0)]
    public void EveryKernelCompilesToPtx(int major, int minor)
    {
        var compiled = PtxCompilation.CompileAll(major, minor);
        // 7 families of kernels plus the GEMM in two tile shapes: the list must not silently shrink.
        Assert.True(compiled.Count >= 35, $"only {compiled.Count} kernels were found: {string.Join(", ", compiled.Select(c => c.Kernel))}");
        Assert.All(compiled, c => Assert.True(c.PtxLength > 200, $"{c.Kernel}: {c.PtxLength} characters of PTX"));
    }
}
