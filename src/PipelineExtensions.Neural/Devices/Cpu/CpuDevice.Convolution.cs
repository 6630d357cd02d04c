using PipelineExtensions.Neural.Kernels;

namespace PipelineExtensions.Neural.Devices.Cpu;

public sealed partial class CpuDevice
{
    /// <inheritdoc/>
    public override void Conv2dForward(in ConvolutionGeometry g, Storage x, Storage weight, Storage? bias, Storage y) =>
        ConvolutionKernels.Forward(g, D(x), D(weight), DOrNull(bias), D(y), _threads);

    /// <inheritdoc/>
    public override void Conv2dBackwardData(in ConvolutionGeometry g, Storage dy, Storage weight, Storage dx, bool accumulate) =>
        ConvolutionKernels.BackwardData(g, D(dy), D(weight), D(dx), accumulate, _threads);

    /// <inheritdoc/>
    public override void Conv2dBackwardFilter(in ConvolutionGeometry g, Storage x, Storage dy, Storage dweight, bool accumulate) =>
        ConvolutionKernels.BackwardFilter(g, D(x), D(dy), D(dweight), accumulate, _threads);

    /// <inheritdoc/>
    public override void MaxPool2dForward(in PoolingGeometry g, Storage x, Storage y) => PoolingKernels.MaxForward(g, D(x), D(y), _threads);

    /// <inheritdoc/>
    public override void MaxPool2dBackward(in PoolingGeometry g, Storage x, Storage dy, Storage dx, bool accumulate) =>
        PoolingKernels.MaxBackward(g, D(x), D(dy), D(dx), accumulate, _threads);

    /// <inheritdoc/>
    public override void AvgPool2dForward(in PoolingGeometry g, bool countIncludePad, Storage x, Storage y) =>
        PoolingKernels.AvgForward(g, countIncludePad, D(x), D(y), _threads);

    /// <inheritdoc/>
    public override void AvgPool2dBackward(in PoolingGeometry g, bool countIncludePad, Storage dy, Storage dx, bool accumulate) =>
        PoolingKernels.AvgBackward(g, countIncludePad, D(dy), D(dx), accumulate, _threads);
}
