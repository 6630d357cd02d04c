using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using PipelineExtensions.Neural.Devices.Ilgpu.Kernels;

namespace PipelineExtensions.Neural.Devices.Ilgpu;

/// <summary>
/// Compiles every kernel of the backend to PTX for a given GPU architecture without a GPU (ILGPU's PTX backend
/// runs anywhere). Tests and the deployment check use it to prove, before any GPU time is spent, that each kernel
/// is accepted by the CUDA code generator — the CPU accelerator runs kernels as .NET code and cannot show that.
/// </summary>
internal static class PtxCompilation
{
    /// <summary>The kernel families; every public static method of these types is a kernel.</summary>
    private static readonly Type[] Families =
    [
        typeof(GpuElementwise), typeof(GpuReduction), typeof(GpuSoftmax), typeof(GpuConvolution),
        typeof(GpuPooling), typeof(GpuBatchNorm), typeof(GpuOptimizer), typeof(GpuGemm), typeof(GpuGemmSplitK),
    ];

    /// <summary>Every kernel entry point (generic kernels instantiated with each tile configuration the device uses).</summary>
    public static IEnumerable<MethodInfo> Kernels()
    {
        foreach (var family in Families)
            foreach (var method in family.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                if (method.ReturnType != typeof(void) || method.GetParameters().Length == 0)
                    continue;
                if (method.IsGenericMethodDefinition)
                {
                    yield return method.MakeGenericMethod(typeof(GemmTile64));
                    yield return method.MakeGenericMethod(typeof(GemmTile8));
                }
                else
                {
                    yield return method;
                }
            }
    }

    /// <summary>
    /// Compiles every kernel for compute capability <paramref name="major"/>.<paramref name="minor"/>; returns the
    /// kernel names with the size of their PTX. Throws (naming the kernel) when one does not compile.
    /// With <paramref name="dumpDirectory"/>, each kernel's PTX is also written there as <c>Family.Kernel.ptx</c>
    /// (to read what a kernel compiled to: software double-precision math, local-memory spills, division chains).
    /// </summary>
    public static IReadOnlyList<(string Kernel, int PtxLength)> CompileAll(int major = 9, int minor = 0, string? dumpDirectory = null)
    {
        var architecture = new CudaArchitecture(major, minor);
        var instructionSet = major >= 9 ? CudaInstructionSet.ISA_80 : CudaInstructionSet.ISA_70;
        using var context = Context.Create(b => b.EnableAlgorithms().Math(MathMode.Default).Optimize(OptimizationLevel.O2));
        using var backend = new PTXBackend(context, architecture, instructionSet, null!);
        var results = new List<(string, int)>();
        foreach (var kernel in Kernels())
        {
            string name = $"{kernel.DeclaringType!.Name}.{kernel.Name}{(kernel.IsGenericMethod ? "<" + kernel.GetGenericArguments()[0].Name + ">" : "")}";
            try
            {
                var compiled = (PTXCompiledKernel)backend.Compile(EntryPointDescription.FromExplicitlyGroupedKernel(kernel), default(KernelSpecialization));
                results.Add((name, compiled.PTXAssembly.Length));
                if (dumpDirectory is not null)
                {
                    Directory.CreateDirectory(dumpDirectory);
                    File.WriteAllText(Path.Combine(dumpDirectory, $"{name.Replace('<', '.').Replace(">", "")}.sm_{major}{minor}.ptx"), compiled.PTXAssembly);
                }
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"Kernel {name} does not compile to PTX for sm_{major}{minor}: {e.Message}", e);
            }
        }
        return results;
    }
}
