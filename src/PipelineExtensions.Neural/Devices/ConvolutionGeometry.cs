namespace PipelineExtensions.Neural.Devices;

/// <summary>
/// The sizes of one 2-D convolution (NCHW input, OIHW weight): computed once by the layer and passed to the
/// backend, so backends never re-derive output sizes. Output size = ⌊(in + 2·pad − kernel) / stride⌋ + 1.
/// </summary>
public readonly record struct ConvolutionGeometry(
    int Batch, int InChannels, int InHeight, int InWidth,
    int OutChannels, int KernelHeight, int KernelWidth,
    int StrideHeight, int StrideWidth, int PadHeight, int PadWidth)
{
    /// <summary>Output height.</summary>
    public int OutHeight => (InHeight + 2 * PadHeight - KernelHeight) / StrideHeight + 1;

    /// <summary>Output width.</summary>
    public int OutWidth => (InWidth + 2 * PadWidth - KernelWidth) / StrideWidth + 1;

    /// <summary>Rows of the unfolded input (im2col): InChannels · KernelHeight · KernelWidth.</summary>
    public int PatchSize => InChannels * KernelHeight * KernelWidth;

    /// <summary>Elements of one input sample (C·H·W).</summary>
    public int InSampleSize => InChannels * InHeight * InWidth;

    /// <summary>Elements of one output sample.</summary>
    public int OutSampleSize => OutChannels * OutHeight * OutWidth;
}
