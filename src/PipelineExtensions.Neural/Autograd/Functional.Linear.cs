using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Autograd;

public static partial class Functional
{
    /// <summary>
    /// The matrix product op(a)·op(b) of two 2-D tensors, where op transposes when the flag is set.
    /// </summary>
    /// <exception cref="ShapeMismatchException">The inner dimensions differ; the message names both shapes.</exception>
    public static Tensor MatMul(Tensor a, Tensor b, bool transposeA = false, bool transposeB = false)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        RequireRank("MatMul", a, 2, "the left operand");
        RequireRank("MatMul", b, 2, "the right operand");
        var device = SameDevice("MatMul", a, b);
        int m = transposeA ? a.Shape[1] : a.Shape[0];
        int k = transposeA ? a.Shape[0] : a.Shape[1];
        int kb = transposeB ? b.Shape[1] : b.Shape[0];
        int n = transposeB ? b.Shape[0] : b.Shape[1];
        if (k != kb)
            throw new ShapeMismatchException("MatMul", a.Shape, b.Shape, $"inner dimensions differ ({k} vs {kb}{(transposeA || transposeB ? $", transposeA={transposeA}, transposeB={transposeB}" : "")})");
        var c = Tensor.Empty(new TensorShape(m, n), device);
        device.Gemm(transposeA, transposeB, m, n, k, 1f, a.Storage, b.Storage, 0f, c.Storage);
        return GradNode.Needed(a, b) ? new MatMulNode(a, b, transposeA, transposeB, m, n, k).Attach(c) : c;
    }

    /// <summary>
    /// A fully connected layer's map y = x·Wᵀ + b for x of shape [batch, in], W of shape [out, in] (PyTorch's
    /// layout) and an optional bias of shape [out].
    /// </summary>
    /// <exception cref="ShapeMismatchException">The shapes do not fit; the message names them.</exception>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        RequireRank("Linear", weight, 2, "the weight");
        if (x.Rank != 2)
            throw new ShapeMismatchException($"Linear({weight.Shape[1]} → {weight.Shape[0]}): the input must be [batch, {weight.Shape[1]}], got {x.Shape}.");
        if (x.Shape[1] != weight.Shape[1])
            throw new ShapeMismatchException($"Linear({weight.Shape[1]} → {weight.Shape[0]}): input {x.Shape} does not match weight {weight.Shape} (input features {x.Shape[1]} ≠ {weight.Shape[1]}).");
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != weight.Shape[0]))
            throw new ShapeMismatchException("Linear", weight.Shape, bias.Shape, "the bias must have one value per output");
        var device = SameDevice("Linear", x, weight);
        int batch = x.Shape[0], outputs = weight.Shape[0], inputs = weight.Shape[1];
        var y = Tensor.Empty(new TensorShape(batch, outputs), device);
        device.Gemm(false, true, batch, outputs, inputs, 1f, x.Storage, weight.Storage, 0f, y.Storage);
        if (bias is not null)
            device.Binary(Devices.BinaryOp.Add, y.Storage, y.Shape, bias.Storage, bias.Shape, y.Storage, y.Shape);
        return GradNode.Needed(x, weight, bias) ? new LinearNode(x, weight, bias).Attach(y) : y;
    }

    private sealed class MatMulNode(Tensor a, Tensor b, bool ta, bool tb, int m, int n, int k) : GradNode(a, b)
    {
        public override void Backward(Tensor output, Tensor g)
        {
            var device = g.Device;
            if (a.RequiresGrad)
            {
                var t = BackwardEngine.GradTarget(a, out bool acc);
                if (!ta)
                    device.Gemm(false, !tb, m, k, n, 1f, g.Storage, b.Storage, acc ? 1f : 0f, t.Storage);
                else
                    device.Gemm(tb, true, k, m, n, 1f, b.Storage, g.Storage, acc ? 1f : 0f, t.Storage);
            }
            if (b.RequiresGrad)
            {
                var t = BackwardEngine.GradTarget(b, out bool acc);
                if (!tb)
                    device.Gemm(!ta, false, k, n, m, 1f, a.Storage, g.Storage, acc ? 1f : 0f, t.Storage);
                else
                    device.Gemm(true, ta, n, k, m, 1f, g.Storage, a.Storage, acc ? 1f : 0f, t.Storage);
            }
        }
    }

    private sealed class LinearNode(Tensor x, Tensor w, Tensor? bias) : GradNode(bias is null ? [x, w] : [x, w, bias])
    {
        public override void Backward(Tensor output, Tensor g)
        {
            var device = g.Device;
            int batch = x.Shape[0], outputs = w.Shape[0], inputs = w.Shape[1];
            if (x.RequiresGrad)
            {
                var t = BackwardEngine.GradTarget(x, out bool acc);
                device.Gemm(false, false, batch, inputs, outputs, 1f, g.Storage, w.Storage, acc ? 1f : 0f, t.Storage);
            }
            if (w.RequiresGrad)
            {
                var t = BackwardEngine.GradTarget(w, out bool acc);
                device.Gemm(true, false, outputs, inputs, batch, 1f, g.Storage, x.Storage, acc ? 1f : 0f, t.Storage);
            }
            if (bias is { RequiresGrad: true })
            {
                var t = BackwardEngine.GradTarget(bias, out bool acc);
                device.SumToShape(g.Storage, g.Shape, t.Storage, bias.Shape, acc);
            }
        }
    }
}
