using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Autograd;

public static partial class Functional
{
    /// <summary>
    /// Inverted dropout: zeroes each value with probability <paramref name="probability"/> and scales the rest by
    /// 1/(1−p), so evaluation needs no rescaling. The mask is a pure function of <paramref name="key"/> and the
    /// element index (draw the key from a seeded generator per call).
    /// </summary>
    public static Tensor Dropout(Tensor x, float probability, ulong key)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (!(probability >= 0f && probability < 1f))
            throw new ArgumentOutOfRangeException(nameof(probability), probability, $"Dropout probability must be in [0, 1), got {probability}.");
        if (probability == 0f)
            return x;
        var device = x.Device;
        var mask = Tensor.Empty(x.Shape, device);
        device.DropoutMask(mask.Storage, mask.Size, probability, key);
        var y = Tensor.Empty(x.Shape, device);
        device.Binary(BinaryOp.Multiply, x.Storage, x.Shape, mask.Storage, mask.Shape, y.Storage, y.Shape);
        if (GradNode.Needed(x))
            return new DropoutNode(x, mask).Attach(y);
        mask.Dispose();
        return y;
    }

    private sealed class DropoutNode(Tensor x, Tensor mask) : GradNode(x)
    {
        public override void Backward(Tensor output, Tensor g)
        {
            var device = g.Device;
            var t = BackwardEngine.GradTarget(x, out bool acc);
            if (acc)
            {
                using var tmp = Tensor.Empty(x.Shape, device);
                device.Binary(BinaryOp.Multiply, g.Storage, g.Shape, mask.Storage, mask.Shape, tmp.Storage, tmp.Shape);
                device.Axpby(1f, tmp.Storage, 1f, t.Storage, t.Size);
            }
            else
            {
                device.Binary(BinaryOp.Multiply, g.Storage, g.Shape, mask.Storage, mask.Shape, t.Storage, t.Shape);
            }
        }
    }
}
