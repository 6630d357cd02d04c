using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Parameters;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Options;

namespace PipelineExtensions.Neural.Optimizers;

/// <summary>
/// Adam with PyTorch's <c>torch.optim.Adam</c> rule: g ← g + λ·θ (coupled L2), m ← β₁m + (1−β₁)g,
/// v ← β₂v + (1−β₂)g², v̂ = max(v̂, v) with AMSGrad, θ ← θ − (lr/(1−β₁ᵗ))·m / (√v/√(1−β₂ᵗ) + ε).
/// </summary>
public class Adam : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">Parameters to update.</param>
    /// <param name="learningRate">Step size (default 1e-3).</param>
    /// <param name="beta1">First-moment decay in [0, 1) (0.9).</param>
    /// <param name="beta2">Second-moment decay in [0, 1) (0.999).</param>
    /// <param name="epsilon">Denominator term (1e-8).</param>
    /// <param name="weightDecay">Coupled L2 (0).</param>
    /// <param name="amsgrad">Use the running maximum of v.</param>
    /// <param name="maximize">Ascend instead of descend.</param>
    public Adam(IEnumerable<Parameter> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8,
        double weightDecay = 0, bool amsgrad = false, bool maximize = false)
        : base(parameters, learningRate, "exp_avg", "exp_avg_sq", "max_exp_avg_sq")
    {
        Beta1 = Check.InRange(beta1, 0, 0.999999999);
        Beta2 = Check.InRange(beta2, 0, 0.999999999);
        Epsilon = Check.NonNegative(epsilon);
        WeightDecay = Check.NonNegative(weightDecay);
        Amsgrad = amsgrad;
        Maximize = maximize;
    }

    /// <summary>β₁.</summary>
    public double Beta1 { get; }

    /// <summary>β₂.</summary>
    public double Beta2 { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>Weight decay λ (coupled for Adam, decoupled for <see cref="AdamW"/>).</summary>
    public double WeightDecay { get; }

    /// <summary>AMSGrad variant.</summary>
    public bool Amsgrad { get; }

    /// <summary>Maximise the objective.</summary>
    public bool Maximize { get; }

    /// <summary>True for AdamW's decoupled decay.</summary>
    protected virtual bool Decoupled => false;

    /// <inheritdoc/>
    protected override void Update(int index, Parameter parameter, Tensor gradient, long step)
    {
        var m = Slot(index, 0, out _);
        var v = Slot(index, 1, out _);
        var vmax = Amsgrad ? Slot(index, 2, out _) : null;
        var h = new AdamHyper(LearningRate, Beta1, Beta2, Epsilon, WeightDecay, Decoupled, Amsgrad, Maximize, step);
        parameter.Value.Device.AdamUpdate(h, parameter.Value.Storage, gradient.Storage, m.Storage, v.Storage, vmax?.Storage, parameter.Size);
    }
}
