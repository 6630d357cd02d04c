using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Autograd;

public static partial class Functional
{
    /// <summary>The same values with another shape (a view; no copy). One dimension may be −1 (inferred).</summary>
    /// <exception cref="ShapeMismatchException">The element counts differ.</exception>
    public static Tensor Reshape(Tensor x, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(shape);
        var dims = (int[])shape.Clone();
        int infer = Array.IndexOf(dims, -1);
        if (infer >= 0)
        {
            long known = 1;
            for (int i = 0; i < dims.Length; i++)
                if (i != infer)
                    known *= dims[i];
            if (known <= 0 || x.Size % known != 0)
                throw new ShapeMismatchException($"Reshape: cannot view shape {x.Shape} ({x.Size} values) as [{string.Join(", ", shape)}].");
            dims[infer] = (int)(x.Size / known);
        }
        TensorShape target;
        try
        {
            target = new TensorShape(dims);
        }
        catch (ArgumentException)
        {
            throw new ShapeMismatchException($"Reshape: cannot view shape {x.Shape} as [{string.Join(", ", shape)}].");
        }
        if (target.Size != x.Size)
            throw new ShapeMismatchException("Reshape", x.Shape, target, $"element counts differ ({x.Size} vs {target.Size})");
        var y = x.ViewAs(target);
        TensorScope.Track(y);
        return GradNode.Needed(x) ? new ReshapeNode(x).Attach(y) : y;
    }

    /// <summary>Keeps the first dimension and flattens the rest: [N, C, H, W] → [N, C·H·W].</summary>
    public static Tensor Flatten(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank < 1)
            throw new ShapeMismatchException($"Flatten: needs at least one dimension, got {x.Shape}.");
        return x.Rank == 2 ? x : Reshape(x, x.Shape[0], x.Size / x.Shape[0]);
    }

    private sealed class ReshapeNode(Tensor x) : GradNode(x)
    {
        public override void Backward(Tensor output, Tensor g)
        {
            var target = BackwardEngine.GradTarget(x, out bool acc);
            g.Device.Axpby(1f, g.Storage, acc ? 1f : 0f, target.Storage, x.Size);
        }
    }
}
