using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Autograd;

/// <summary>
/// Reverse-mode differentiation over the graph recorded by <see cref="GradNode"/>s: a topological order from
/// the root, then each node once, after every consumer of its output has contributed to its gradient.
/// </summary>
internal static class BackwardEngine
{
    [ThreadStatic]
    private static List<Tensor>? _order;

    [ThreadStatic]
    private static HashSet<Tensor>? _visited;

    [ThreadStatic]
    private static Stack<(Tensor Tensor, int Next)>? _stack;

    public static void Run(Tensor root, Tensor? gradient, bool retainGraph)
    {
        if (!root.RequiresGrad)
            throw new InvalidOperationException($"Backward() on a tensor of shape {root.Shape} that does not require a gradient (no parameter contributed to it, or it was computed under GradMode.NoGrad()).");
        bool ownsGradient = gradient is null;
        if (gradient is null)
        {
            if (root.Size != 1)
                throw new InvalidOperationException($"Backward() without a gradient needs a one-element tensor; this one has shape {root.Shape}. Pass the output gradient.");
            gradient = Tensor.Full(root.Shape, 1f, root.Device);
        }
        else if (gradient.Shape != root.Shape)
        {
            throw new ShapeMismatchException("Backward", root.Shape, gradient.Shape, "the gradient must have the tensor's shape");
        }

        if (root.IsLeaf)
        {
            Accumulate(root, gradient);
            if (ownsGradient)
                gradient.Dispose();
            return;
        }

        var order = TopologicalOrder(root);
        root.PendingGrad = ownsGradient ? gradient : gradient.ViewAs(gradient.Shape);
        try
        {
            // Post-order puts inputs before consumers; walk it backwards.
            for (int i = order.Count - 1; i >= 0; i--)
            {
                var t = order[i];
                var g = t.PendingGrad;
                t.PendingGrad = null;
                var node = t.GradFn;
                if (g is null || node is null)
                    continue;
                node.Backward(t, g);
                if (!retainGraph)
                    t.GradFn = null;
                // Intermediate gradients are engine-owned; return their memory right away to keep the peak low.
                g.Dispose();
            }
        }
        finally
        {
            foreach (var t in order)
                t.PendingGrad = null;
            order.Clear();
        }
    }

    private static List<Tensor> TopologicalOrder(Tensor root)
    {
        var order = _order ??= new List<Tensor>(256);
        var visited = _visited ??= new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = _stack ??= new Stack<(Tensor, int)>();
        order.Clear();
        visited.Clear();
        stack.Clear();
        stack.Push((root, 0));
        visited.Add(root);
        while (stack.Count > 0)
        {
            var (t, next) = stack.Pop();
            var inputs = t.GradFn?.Inputs ?? [];
            bool descended = false;
            for (int j = next; j < inputs.Length; j++)
            {
                var input = inputs[j];
                if (!input.RequiresGrad || input.IsLeaf || !visited.Add(input))
                    continue;
                stack.Push((t, j + 1));
                stack.Push((input, 0));
                descended = true;
                break;
            }
            if (!descended)
                order.Add(t);
        }
        visited.Clear();
        return order;
    }

    /// <summary>
    /// The tensor to write ∂L/∂<paramref name="input"/> into. <paramref name="accumulate"/> tells whether it already
    /// holds a gradient to add to (a leaf's <see cref="Tensor.Grad"/> or a gradient pending from another consumer).
    /// </summary>
    public static Tensor GradTarget(Tensor input, out bool accumulate)
    {
        if (input.IsLeaf)
        {
            if (input.Grad is null)
            {
                input.Grad = Tensor.CreatePersistent(input.Shape, input.Device);
                input.Grad.Name = input.Name is null ? null : input.Name + ".grad";
                accumulate = false;
            }
            else
            {
                accumulate = true;
            }
            return input.Grad;
        }
        if (input.PendingGrad is null)
        {
            input.PendingGrad = Tensor.Empty(input.Shape, input.Device);
            accumulate = false;
        }
        else
        {
            accumulate = true;
        }
        return input.PendingGrad;
    }

    /// <summary>Adds <paramref name="gradient"/> (same shape as the input) to the input's gradient; the caller keeps ownership.</summary>
    public static void Accumulate(Tensor input, Tensor gradient)
    {
        if (!input.RequiresGrad)
            return;
        var target = GradTarget(input, out bool accumulate);
        if (accumulate)
            target.Device.Axpby(1f, gradient.Storage, 1f, target.Storage, target.Size);
        else
            target.Device.Copy(gradient.Storage, 0, target.Storage, 0, target.Size);
    }
}
