using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Autograd;

public static partial class Functional
{
    /// <summary>2-D max pooling of [N, C, H, W] (padding counts as −∞; floor output size, as in PyTorch).</summary>
    public static Tensor MaxPool2d(Tensor x, int kernelH, int kernelW, int strideH, int strideW, int padH = 0, int padW = 0)
    {
        var g = PoolGeometry("MaxPool2d", x, kernelH, kernelW, strideH, strideW, padH, padW);
        var y = Tensor.Empty(new TensorShape(g.Batch, g.Channels, g.OutHeight, g.OutWidth), x.Device);
        x.Device.MaxPool2dForward(g, x.Storage, y.Storage);
        return GradNode.Needed(x) ? new PoolNode(x, g, max: true, countIncludePad: false).Attach(y) : y;
    }

    /// <summary>2-D average pooling of [N, C, H, W]; <paramref name="countIncludePad"/> as in PyTorch (default true).</summary>
    public static Tensor AvgPool2d(Tensor x, int kernelH, int kernelW, int strideH, int strideW, int padH = 0, int padW = 0, bool countIncludePad = true)
    {
        var g = PoolGeometry("AvgPool2d", x, kernelH, kernelW, strideH, strideW, padH, padW);
        var y = Tensor.Empty(new TensorShape(g.Batch, g.Channels, g.OutHeight, g.OutWidth), x.Device);
        x.Device.AvgPool2dForward(g, countIncludePad, x.Storage, y.Storage);
        return GradNode.Needed(x) ? new PoolNode(x, g, max: false, countIncludePad).Attach(y) : y;
    }

    /// <summary>The mean of each channel over its spatial positions: [N, C, H, W] → [N, C].</summary>
    public static Tensor GlobalAvgPool2d(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 4)
            throw new ShapeMismatchException($"GlobalAvgPool2d: the input must be [batch, channels, height, width], got {x.Shape}.");
        var pooled = AvgPool2d(x, x.Shape[2], x.Shape[3], x.Shape[2], x.Shape[3]);
        return Reshape(pooled, x.Shape[0], x.Shape[1]);
    }

    private static PoolingGeometry PoolGeometry(string op, Tensor x, int kh, int kw, int sh, int sw, int ph, int pw)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 4)
            throw new ShapeMismatchException($"{op}: the input must be [batch, channels, height, width], got {x.Shape}.");
        if (kh < 1 || kw < 1 || sh < 1 || sw < 1 || ph < 0 || pw < 0)
            throw new ArgumentOutOfRangeException(nameof(kh), $"{op}: kernel and stride must be ≥ 1 and padding ≥ 0, got kernel ({kh}, {kw}), stride ({sh}, {sw}), padding ({ph}, {pw}).");
        if (2 * ph > kh || 2 * pw > kw)
            throw new ArgumentOutOfRangeException(nameof(ph), $"{op}: padding ({ph}, {pw}) must be at most half the kernel ({kh}, {kw}).");
        if (x.Shape[2] + 2 * ph < kh || x.Shape[3] + 2 * pw < kw)
            throw new ShapeMismatchException($"{op}: input {x.Shape} is smaller than the {kh}×{kw} window.");
        return new PoolingGeometry(x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], kh, kw, sh, sw, ph, pw);
    }

    private sealed class PoolNode(Tensor x, PoolingGeometry geometry, bool max, bool countIncludePad) : GradNode(x)
    {
        public override void Backward(Tensor output, Tensor g)
        {
            var t = BackwardEngine.GradTarget(x, out bool acc);
            if (max)
                g.Device.MaxPool2dBackward(geometry, x.Storage, g.Storage, t.Storage, acc);
            else
                g.Device.AvgPool2dBackward(geometry, countIncludePad, g.Storage, t.Storage, acc);
        }
    }
}
