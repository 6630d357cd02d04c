using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Autograd;

public static partial class Functional
{
    /// <summary>
    /// 2-D convolution (cross-correlation, as in PyTorch) of x [N, Cin, H, W] with weight [Cout, Cin, kH, kW] and an
    /// optional bias [Cout]; zero padding.
    /// </summary>
    /// <exception cref="ShapeMismatchException">Channels or ranks do not fit, or the padded input is smaller than the kernel.</exception>
    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias, int strideH = 1, int strideW = 1, int padH = 0, int padW = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        RequireRank("Conv2d", weight, 4, "the weight [out, in, kH, kW]");
        string name = $"Conv2d({weight.Shape[1]} → {weight.Shape[0]}, {weight.Shape[2]}×{weight.Shape[3]})";
        if (x.Rank != 4)
            throw new ShapeMismatchException($"{name}: the input must be [batch, channels, height, width], got {x.Shape}.");
        if (x.Shape[1] != weight.Shape[1])
            throw new ShapeMismatchException($"{name}: input {x.Shape} has {x.Shape[1]} channels but weight {weight.Shape} expects {weight.Shape[1]}.");
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != weight.Shape[0]))
            throw new ShapeMismatchException(name, weight.Shape, bias.Shape, "the bias must have one value per output channel");
        if (strideH < 1 || strideW < 1 || padH < 0 || padW < 0)
            throw new ArgumentOutOfRangeException(nameof(strideH), $"{name}: strides must be ≥ 1 and paddings ≥ 0, got stride ({strideH}, {strideW}), padding ({padH}, {padW}).");
        var g = new ConvolutionGeometry(x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], weight.Shape[0], weight.Shape[2], weight.Shape[3], strideH, strideW, padH, padW);
        if (x.Shape[2] + 2 * padH < g.KernelHeight || x.Shape[3] + 2 * padW < g.KernelWidth)
            throw new ShapeMismatchException($"{name}: input {x.Shape} with padding ({padH}, {padW}) is smaller than the kernel.");
        var device = SameDevice("Conv2d", x, weight);
        var y = Tensor.Empty(new TensorShape(g.Batch, g.OutChannels, g.OutHeight, g.OutWidth), device);
        device.Conv2dForward(g, x.Storage, weight.Storage, bias?.Storage, y.Storage);
        return GradNode.Needed(x, weight, bias) ? new Conv2dNode(x, weight, bias, g).Attach(y) : y;
    }

    private sealed class Conv2dNode(Tensor x, Tensor w, Tensor? bias, ConvolutionGeometry geometry) : GradNode(bias is null ? [x, w] : [x, w, bias])
    {
        public override void Backward(Tensor output, Tensor g)
        {
            var device = g.Device;
            if (x.RequiresGrad)
            {
                var t = BackwardEngine.GradTarget(x, out bool acc);
                device.Conv2dBackwardData(geometry, g.Storage, w.Storage, t.Storage, acc);
            }
            if (w.RequiresGrad)
            {
                var t = BackwardEngine.GradTarget(w, out bool acc);
                device.Conv2dBackwardFilter(geometry, x.Storage, g.Storage, t.Storage, acc);
            }
            if (bias is { RequiresGrad: true })
            {
                var t = BackwardEngine.GradTarget(bias, out bool acc);
                var gShape = new TensorShape(geometry.Batch, geometry.OutChannels, geometry.OutHeight * geometry.OutWidth);
                device.SumToShape(g.Storage, gShape, t.Storage, new TensorShape(geometry.OutChannels, 1), acc);
            }
        }
    }
}
