using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Parameters;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Options;

namespace PipelineExtensions.Neural.Optimizers;

/// <summary>Gradient clipping between <c>Backward</c> and <c>Step</c> (PyTorch's <c>clip_grad_norm_</c> / <c>clip_grad_value_</c>).</summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales all gradients by min(1, maxNorm / (‖g‖ + 1e-6)), where ‖g‖ is the norm of all gradients together
    /// (2-norm, or the max-norm when <paramref name="normType"/> is ∞). Returns ‖g‖ before clipping.
    /// </summary>
    public static double ClipByNorm(IEnumerable<Parameter> parameters, double maxNorm, double normType = 2)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Check.Positive(maxNorm);
        if (normType != 2 && !double.IsPositiveInfinity(normType))
            throw new ArgumentOutOfRangeException(nameof(normType), normType, "normType must be 2 or +∞.");
        var grads = parameters.Select(p => p.Grad).OfType<Tensor>().ToList();
        if (grads.Count == 0)
            return 0;
        double total = 0;
        Span<float> one = stackalloc float[1];
        foreach (var g in grads)
        {
            using var r = Tensor.Empty(TensorShape.Scalar, g.Device);
            bool inf = double.IsPositiveInfinity(normType);
            g.Device.Reduce(inf ? ReduceOp.MaxAbs : ReduceOp.SumOfSquares, g.Storage, g.Size, r.Storage, 0);
            r.CopyTo(one);
            total = inf ? Math.Max(total, one[0]) : total + one[0];
        }
        double norm = double.IsPositiveInfinity(normType) ? total : Math.Sqrt(total);
        double coefficient = maxNorm / (norm + 1e-6);
        if (coefficient < 1)
            foreach (var g in grads)
                g.Device.Affine(g.Storage, g.Storage, g.Size, (float)coefficient, 0f);
        return norm;
    }

    /// <summary>Clamps every gradient value into [−clipValue, clipValue].</summary>
    public static void ClipByValue(IEnumerable<Parameter> parameters, double clipValue)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        float c = (float)Check.Positive(clipValue);
        foreach (var p in parameters)
            if (p.Grad is { } g)
                g.Device.Clamp(g.Storage, g.Size, -c, c);
    }
}
