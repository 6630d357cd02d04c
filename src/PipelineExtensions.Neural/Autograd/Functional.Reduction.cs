using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Autograd;

public static partial class Functional
{
    /// <summary>Σ x as a one-element tensor.</summary>
    public static Tensor Sum(Tensor x) => Reduce(ReduceOp.Sum, x, 1f);

    /// <summary>The mean of all elements.</summary>
    public static Tensor Mean(Tensor x) => Reduce(ReduceOp.Sum, x, 1f / x.Size);

    /// <summary>Σ x² (used by L2 penalties and gradient norms).</summary>
    public static Tensor SumOfSquares(Tensor x) => Reduce(ReduceOp.SumOfSquares, x, 1f);

    /// <summary>Σ |x| (used by L1 penalties).</summary>
    public static Tensor SumOfAbs(Tensor x) => Reduce(ReduceOp.SumOfAbs, x, 1f);

    /// <summary>Sums x over the dimensions that <paramref name="shape"/> broadcasts (the adjoint of broadcasting).</summary>
    public static Tensor SumToShape(Tensor x, TensorShape shape)
    {
        ArgumentNullException.ThrowIfNull(x);
        var check = BroadcastShape("SumToShape", x.Shape, shape);
        if (check != x.Shape)
            throw new ShapeMismatchException("SumToShape", x.Shape, shape, "the target shape must broadcast to the input's shape");
        var y = Tensor.Empty(shape, x.Device);
        x.Device.SumToShape(x.Storage, x.Shape, y.Storage, shape, accumulate: false);
        return GradNode.Needed(x) ? new BroadcastBackNode(x).Attach(y) : y;
    }

    private static Tensor Reduce(ReduceOp op, Tensor x, float scale)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = Tensor.Empty(TensorShape.Scalar, x.Device);
        x.Device.Reduce(op, x.Storage, x.Size, y.Storage, 0);
        if (scale != 1f)
            x.Device.Affine(y.Storage, y.Storage, 1, scale, 0f);
        return GradNode.Needed(x) ? new ReduceNode(op, x, scale).Attach(y) : y;
    }

    private sealed class ReduceNode(ReduceOp op, Tensor x, float scale) : GradNode(x)
    {
        public override void Backward(Tensor output, Tensor g)
        {
            var device = g.Device;
            var target = BackwardEngine.GradTarget(x, out bool acc);
            // The upstream gradient is a device scalar: broadcast it into a temporary, then apply ∂reduce/∂x.
            using var spread = Tensor.Empty(x.Shape, device);
            device.Fill(spread.Storage, 0, spread.Size, 0f);
            device.Binary(BinaryOp.Add, spread.Storage, spread.Shape, g.Storage, g.Shape, spread.Storage, spread.Shape);
            switch (op)
            {
                case ReduceOp.Sum:
                    device.Axpby(scale, spread.Storage, acc ? 1f : 0f, target.Storage, x.Size);
                    break;
                case ReduceOp.SumOfSquares:
                    device.Binary(BinaryOp.Multiply, spread.Storage, spread.Shape, x.Storage, x.Shape, spread.Storage, spread.Shape);
                    device.Axpby(2f * scale, spread.Storage, acc ? 1f : 0f, target.Storage, x.Size);
                    break;
                case ReduceOp.SumOfAbs:
                    if (scale != 1f)
                        device.Affine(spread.Storage, spread.Storage, spread.Size, scale, 0f);
                    device.UnaryBackward(UnaryOp.Abs, 0f, x.Storage, x.Storage, spread.Storage, target.Storage, x.Size, acc);
                    break;
                default:
                    throw new NotSupportedException($"{op} has no gradient.");
            }
        }
    }

    private sealed class BroadcastBackNode(Tensor x) : GradNode(x)
    {
        public override void Backward(Tensor output, Tensor g)
        {
            var device = g.Device;
            var target = BackwardEngine.GradTarget(x, out bool acc);
            if (!acc)
                device.Fill(target.Storage, 0, target.Size, 0f);
            device.Binary(BinaryOp.Add, target.Storage, x.Shape, g.Storage, g.Shape, target.Storage, x.Shape);
        }
    }
}
