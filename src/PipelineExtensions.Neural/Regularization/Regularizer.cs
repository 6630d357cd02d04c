using PipelineExtensions.Neural.Autograd;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Options;

namespace PipelineExtensions.Neural.Regularization;

/// <summary>
/// An L1/L2 penalty on a parameter, added to the loss with Keras' <c>kernel_regularizer</c> semantics:
/// penalty = l1·Σ|w| + l2·Σw² (so the gradient is l1·sign(w) + 2·l2·w). Use <see cref="Layers.Module.RegularizationPenalty"/>
/// to get the sum over a network and add it to the data loss. For decoupled weight decay use AdamW instead.
/// </summary>
public sealed class Regularizer
{
    /// <summary>Creates a penalty with the given coefficients (both ≥ 0).</summary>
    public Regularizer(double l1, double l2)
    {
        L1 = Check.NonNegative(l1);
        L2 = Check.NonNegative(l2);
    }

    /// <summary>The L1 coefficient.</summary>
    public double L1 { get; }

    /// <summary>The L2 coefficient.</summary>
    public double L2 { get; }

    /// <summary>An L1 penalty l1·Σ|w|.</summary>
    public static Regularizer Lasso(double l1) => new(l1, 0);

    /// <summary>An L2 penalty l2·Σw² (Keras' <c>l2(l2)</c>; its default coefficient is 0.01).</summary>
    public static Regularizer Ridge(double l2) => new(0, l2);

    /// <summary>Both penalties (Keras' <c>l1_l2</c>).</summary>
    public static Regularizer ElasticNet(double l1, double l2) => new(l1, l2);

    /// <summary>The penalty of <paramref name="weight"/> as a differentiable scalar, or null when both coefficients are 0.</summary>
    public Tensor? Penalty(Tensor weight)
    {
        Tensor? total = null;
        if (L1 > 0)
            total = Functional.SumOfAbs(weight) * (float)L1;
        if (L2 > 0)
        {
            var l2 = Functional.SumOfSquares(weight) * (float)L2;
            total = total is null ? l2 : total + l2;
        }
        return total;
    }

    /// <inheritdoc/>
    public override string ToString() => $"L1={L1}, L2={L2}";
}
