using ILGPU;
using ILGPU.Runtime;

namespace PipelineExtensions.Neural.Devices.Ilgpu;

/// <summary>Storage in accelerator memory: a pooled buffer of exactly <see cref="Storage.Length"/> floats.</summary>
internal sealed class IlgpuStorage : Storage
{
    public IlgpuStorage(IlgpuDevice device, MemoryBuffer1D<float, Stride1D.Dense> buffer, int length) : base(device, length) => Buffer = buffer;

    /// <summary>The accelerator buffer; only the ILGPU backend touches it.</summary>
    public MemoryBuffer1D<float, Stride1D.Dense> Buffer { get; }

    /// <summary>The whole buffer as a kernel argument.</summary>
    public ArrayView<float> View => Buffer.View;
}
