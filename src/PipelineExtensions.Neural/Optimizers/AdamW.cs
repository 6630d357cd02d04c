using PipelineExtensions.Neural.Parameters;

namespace PipelineExtensions.Neural.Optimizers;

/// <summary>
/// AdamW (PyTorch's <c>torch.optim.AdamW</c>): Adam with decoupled weight decay θ ← θ·(1 − lr·λ) before the Adam
/// step, instead of adding λ·θ to the gradient. Default λ = 0.01.
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>Creates the optimizer (same parameters as <see cref="Adam"/>, default weight decay 0.01).</summary>
    public AdamW(IEnumerable<Parameter> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8,
        double weightDecay = 0.01, bool amsgrad = false, bool maximize = false)
        : base(parameters, learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, maximize)
    {
    }

    /// <inheritdoc/>
    protected override bool Decoupled => true;
}
