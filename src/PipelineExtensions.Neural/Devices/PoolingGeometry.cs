namespace PipelineExtensions.Neural.Devices;

/// <summary>
/// The sizes of one 2-D pooling (NCHW). Output size = ⌊(in + 2·pad − kernel) / stride⌋ + 1 (PyTorch's floor mode).
/// </summary>
public readonly record struct PoolingGeometry(
    int Batch, int Channels, int InHeight, int InWidth,
    int KernelHeight, int KernelWidth, int StrideHeight, int StrideWidth, int PadHeight, int PadWidth)
{
    /// <summary>Output height.</summary>
    public int OutHeight => (InHeight + 2 * PadHeight - KernelHeight) / StrideHeight + 1;

    /// <summary>Output width.</summary>
    public int OutWidth => (InWidth + 2 * PadWidth - KernelWidth) / StrideWidth + 1;

    /// <summary>Number of (sample, channel) planes.</summary>
    public int Planes => Batch * Channels;
}
