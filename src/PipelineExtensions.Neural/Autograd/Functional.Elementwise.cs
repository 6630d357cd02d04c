using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Autograd;

public static partial class Functional
{
    /// <summary>max(x, 0).</summary>
    public static Tensor Relu(Tensor x) => Unary(UnaryOp.Relu, 0f, x);

    /// <summary>x for x ≥ 0, <paramref name="negativeSlope"/>·x otherwise.</summary>
    public static Tensor LeakyRelu(Tensor x, float negativeSlope = 0.01f) => Unary(UnaryOp.LeakyRelu, negativeSlope, x);

    /// <summary>x·Φ(x) with the exact normal CDF (PyTorch's <c>gelu</c> default).</summary>
    public static Tensor Gelu(Tensor x) => Unary(UnaryOp.Gelu, 0f, x);

    /// <summary>1 / (1 + e^−x).</summary>
    public static Tensor Sigmoid(Tensor x) => Unary(UnaryOp.Sigmoid, 0f, x);

    /// <summary>Hyperbolic tangent.</summary>
    public static Tensor Tanh(Tensor x) => Unary(UnaryOp.Tanh, 0f, x);

    /// <summary>e^x.</summary>
    public static Tensor Exp(Tensor x) => Unary(UnaryOp.Exp, 0f, x);

    /// <summary>Natural logarithm.</summary>
    public static Tensor Log(Tensor x) => Unary(UnaryOp.Log, 0f, x);

    /// <summary>|x| (its gradient at 0 is 0, as in PyTorch).</summary>
    public static Tensor Abs(Tensor x) => Unary(UnaryOp.Abs, 0f, x);

    /// <summary>x².</summary>
    public static Tensor Square(Tensor x) => Unary(UnaryOp.Square, 0f, x);

    /// <summary>√x.</summary>
    public static Tensor Sqrt(Tensor x) => Unary(UnaryOp.Sqrt, 0f, x);

    /// <summary>Applies an element-wise function.</summary>
    public static Tensor Unary(UnaryOp op, float parameter, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = Tensor.Empty(x.Shape, x.Device);
        x.Device.Unary(op, parameter, x.Storage, y.Storage, x.Size);
        return GradNode.Needed(x) ? new UnaryNode(op, parameter, x).Attach(y) : y;
    }

    /// <summary>scale·x + shift.</summary>
    public static Tensor Affine(Tensor x, float scale, float shift)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = Tensor.Empty(x.Shape, x.Device);
        x.Device.Affine(x.Storage, y.Storage, x.Size, scale, shift);
        return GradNode.Needed(x) ? new AffineNode(x, scale).Attach(y) : y;
    }

    /// <summary>a + b with broadcasting.</summary>
    public static Tensor Add(Tensor a, Tensor b) => Binary(BinaryOp.Add, a, b);

    /// <summary>a − b with broadcasting.</summary>
    public static Tensor Subtract(Tensor a, Tensor b) => Binary(BinaryOp.Subtract, a, b);

    /// <summary>a · b with broadcasting.</summary>
    public static Tensor Multiply(Tensor a, Tensor b) => Binary(BinaryOp.Multiply, a, b);

    /// <summary>a / b with broadcasting.</summary>
    public static Tensor Divide(Tensor a, Tensor b) => Binary(BinaryOp.Divide, a, b);

    /// <summary>An element-wise binary operation with NumPy broadcasting.</summary>
    /// <exception cref="ShapeMismatchException">The shapes do not broadcast; the message names both.</exception>
    public static Tensor Binary(BinaryOp op, Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var device = SameDevice(op.ToString(), a, b);
        var shape = BroadcastShape(op.ToString(), a.Shape, b.Shape);
        var c = Tensor.Empty(shape, device);
        device.Binary(op, a.Storage, a.Shape, b.Storage, b.Shape, c.Storage, shape);
        return GradNode.Needed(a, b) ? new BinaryNode(op, a, b).Attach(c) : c;
    }

    /// <summary>The NumPy broadcast of two shapes.</summary>
    /// <exception cref="ShapeMismatchException">A dimension differs and neither is 1.</exception>
    public static TensorShape BroadcastShape(string op, TensorShape a, TensorShape b)
    {
        if (a == b)
            return a;
        int rank = Math.Max(a.Rank, b.Rank);
        var dims = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Rank ? 1 : a[i - (rank - a.Rank)];
            int db = i < rank - b.Rank ? 1 : b[i - (rank - b.Rank)];
            if (da != db && da != 1 && db != 1)
                throw new ShapeMismatchException(op, a, b, $"dimension {i} of the broadcast differs ({da} vs {db})");
            dims[i] = Math.Max(da, db);
        }
        return new TensorShape(dims);
    }

    private sealed class UnaryNode(UnaryOp op, float parameter, Tensor x) : GradNode(x)
    {
        public override void Backward(Tensor output, Tensor gradOutput)
        {
            var target = BackwardEngine.GradTarget(x, out bool accumulate);
            x.Device.UnaryBackward(op, parameter, x.Storage, output.Storage, gradOutput.Storage, target.Storage, x.Size, accumulate);
        }
    }

    private sealed class AffineNode(Tensor x, float scale) : GradNode(x)
    {
        public override void Backward(Tensor output, Tensor gradOutput)
        {
            var target = BackwardEngine.GradTarget(x, out bool accumulate);
            x.Device.Axpby(scale, gradOutput.Storage, accumulate ? 1f : 0f, target.Storage, x.Size);
        }
    }

    private sealed class BinaryNode(BinaryOp op, Tensor a, Tensor b) : GradNode(a, b)
    {
        public override void Backward(Tensor output, Tensor g)
        {
            var device = output.Device;
            if (a.RequiresGrad)
            {
                switch (op)
                {
                    case BinaryOp.Add or BinaryOp.Subtract:
                        ReduceInto(a, g);
                        break;
                    case BinaryOp.Multiply:
                        ReduceProduct(a, g, b, BinaryOp.Multiply);
                        break;
                    case BinaryOp.Divide:
                        ReduceProduct(a, g, b, BinaryOp.Divide);
                        break;
                }
            }
            if (b.RequiresGrad)
            {
                switch (op)
                {
                    case BinaryOp.Add:
                        ReduceInto(b, g);
                        break;
                    case BinaryOp.Subtract:
                        using (var negated = Tensor.Empty(g.Shape, device))
                        {
                            device.Affine(g.Storage, negated.Storage, g.Size, -1f, 0f);
                            ReduceInto(b, negated);
                        }
                        break;
                    case BinaryOp.Multiply:
                        ReduceProduct(b, g, a, BinaryOp.Multiply);
                        break;
                    case BinaryOp.Divide:
                        // d(a/b)/db = −(a/b)/b = −output/b.
                        using (var t = Tensor.Empty(g.Shape, device))
                        {
                            device.Binary(BinaryOp.Multiply, g.Storage, g.Shape, output.Storage, output.Shape, t.Storage, g.Shape);
                            device.Binary(BinaryOp.Divide, t.Storage, g.Shape, b.Storage, b.Shape, t.Storage, g.Shape);
                            device.Affine(t.Storage, t.Storage, t.Size, -1f, 0f);
                            ReduceInto(b, t);
                        }
                        break;
                }
            }
        }

        private static void ReduceProduct(Tensor input, Tensor g, Tensor other, BinaryOp op)
        {
            using var t = Tensor.Empty(g.Shape, g.Device);
            g.Device.Binary(op, g.Storage, g.Shape, other.Storage, other.Shape, t.Storage, g.Shape);
            ReduceInto(input, t);
        }

        private static void ReduceInto(Tensor input, Tensor g)
        {
            var target = BackwardEngine.GradTarget(input, out bool accumulate);
            g.Device.SumToShape(g.Storage, g.Shape, target.Storage, input.Shape, accumulate);
        }
    }
}
