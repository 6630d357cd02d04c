using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace PipelineExtensions.Neural.Devices.Ilgpu;

/// <summary>
/// ILGPU.Algorithms 1.5.3 binds cuBLAS by the names of CUDA 10–12 (<c>libcublas.so.12/.11/.10</c>,
/// <c>cublas64_12</c>…). CUDA 13 ships <c>libcublas.so.13</c> with the same v2 entry points (create, stream, pointer
/// and math mode, SGEMM: seen working on an H100 with driver 580 through a .12 link to the .13 library), so when the
/// loader cannot find the CUDA 12 name this hands it the CUDA 13 library instead. The library must still be on the
/// loader's path (e.g. LD_LIBRARY_PATH naming PyTorch's <c>nvidia/cu13/lib</c>).
/// </summary>
internal static class CuBlasLibraryResolver
{
    private static int _installed;

    /// <summary>Registers the fallback once per process (it only runs after the default probing failed).</summary>
    public static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) != 0)
            return;
        AssemblyLoadContext.Default.ResolvingUnmanagedDll += (_, name) =>
        {
            string? newer = name switch
            {
                "libcublas.so.12" => "libcublas.so.13",
                "cublas64_12" or "cublas64_12.dll" => "cublas64_13.dll",
                _ => null,
            };
            return newer is not null && NativeLibrary.TryLoad(newer, out var handle) ? handle : IntPtr.Zero;
        };
    }
}
