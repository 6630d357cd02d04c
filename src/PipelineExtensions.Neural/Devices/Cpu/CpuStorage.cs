namespace PipelineExtensions.Neural.Devices.Cpu;

/// <summary>Storage in managed memory: a pooled float array (possibly longer than <see cref="Storage.Length"/>).</summary>
internal sealed class CpuStorage : Storage
{
    public CpuStorage(CpuDevice device, float[] data, int length) : base(device, length) => Data = data;

    /// <summary>The backing array; only the CPU backend and its kernels touch it.</summary>
    public float[] Data { get; }
}
