using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Parameters;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Options;

namespace PipelineExtensions.Neural.Optimizers;

/// <summary>
/// Stochastic gradient descent with PyTorch's <c>torch.optim.SGD</c> rule: d = g + λ·θ; with momentum μ,
/// b ← μ·b + (1−τ)·d (b = d on the first step), d = d + μ·b (Nesterov) or b; θ ← θ − lr·d.
/// </summary>
public sealed class Sgd : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">Parameters to update.</param>
    /// <param name="learningRate">Step size (≥ 0).</param>
    /// <param name="momentum">μ in [0, 1).</param>
    /// <param name="dampening">τ in [0, 1].</param>
    /// <param name="weightDecay">λ ≥ 0 (coupled L2).</param>
    /// <param name="nesterov">Nesterov momentum (needs μ &gt; 0 and τ = 0, as in PyTorch).</param>
    /// <param name="maximize">Ascend instead of descend.</param>
    public Sgd(IEnumerable<Parameter> parameters, double learningRate = 0.01, double momentum = 0, double dampening = 0, double weightDecay = 0,
        bool nesterov = false, bool maximize = false)
        : base(parameters, learningRate, "momentum_buffer")
    {
        Momentum = Check.InRange(momentum, 0, 0.999999999);
        Dampening = Check.InRange(dampening, 0, 1);
        WeightDecay = Check.NonNegative(weightDecay);
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException($"Nesterov momentum requires momentum > 0 and dampening = 0, got momentum {momentum}, dampening {dampening}.", nameof(nesterov));
        Nesterov = nesterov;
        Maximize = maximize;
    }

    /// <summary>Momentum factor μ.</summary>
    public double Momentum { get; }

    /// <summary>Dampening τ.</summary>
    public double Dampening { get; }

    /// <summary>Coupled weight decay λ.</summary>
    public double WeightDecay { get; }

    /// <summary>Nesterov momentum.</summary>
    public bool Nesterov { get; }

    /// <summary>Maximise the objective.</summary>
    public bool Maximize { get; }

    /// <inheritdoc/>
    protected override void Update(int index, Parameter parameter, Tensor gradient, long step)
    {
        Tensor? buffer = null;
        bool first = false;
        if (Momentum != 0)
            buffer = Slot(index, 0, out first);
        var h = new SgdHyper(LearningRate, Momentum, Dampening, WeightDecay, Nesterov, Maximize, first);
        parameter.Value.Device.SgdUpdate(h, parameter.Value.Storage, gradient.Storage, buffer?.Storage, parameter.Size);
    }
}
