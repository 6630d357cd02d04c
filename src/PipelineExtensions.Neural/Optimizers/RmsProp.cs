using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Parameters;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Options;

namespace PipelineExtensions.Neural.Optimizers;

/// <summary>
/// RMSprop with PyTorch's <c>torch.optim.RMSprop</c> rule: g ← g + λ·θ, s ← αs + (1−α)g²; centered: ḡ ← αḡ + (1−α)g,
/// d = √(s − ḡ²) + ε, else d = √s + ε; with momentum μ: b ← μb + g/d, θ ← θ − lr·b, else θ ← θ − lr·g/d.
/// </summary>
public sealed class RmsProp : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">Parameters to update.</param>
    /// <param name="learningRate">Step size (default 0.01, PyTorch's).</param>
    /// <param name="alpha">Smoothing constant in [0, 1) (0.99).</param>
    /// <param name="epsilon">Denominator term (1e-8).</param>
    /// <param name="weightDecay">Coupled L2 (0).</param>
    /// <param name="momentum">μ in [0, 1) (0).</param>
    /// <param name="centered">Normalise by the estimated variance.</param>
    /// <param name="maximize">Ascend instead of descend.</param>
    public RmsProp(IEnumerable<Parameter> parameters, double learningRate = 0.01, double alpha = 0.99, double epsilon = 1e-8, double weightDecay = 0,
        double momentum = 0, bool centered = false, bool maximize = false)
        : base(parameters, learningRate, "square_avg", "grad_avg", "momentum_buffer")
    {
        Alpha = Check.InRange(alpha, 0, 0.999999999);
        Epsilon = Check.NonNegative(epsilon);
        WeightDecay = Check.NonNegative(weightDecay);
        Momentum = Check.InRange(momentum, 0, 0.999999999);
        Centered = centered;
        Maximize = maximize;
    }

    /// <summary>α.</summary>
    public double Alpha { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>Coupled weight decay λ.</summary>
    public double WeightDecay { get; }

    /// <summary>Momentum μ.</summary>
    public double Momentum { get; }

    /// <summary>Centered variant.</summary>
    public bool Centered { get; }

    /// <summary>Maximise the objective.</summary>
    public bool Maximize { get; }

    /// <inheritdoc/>
    protected override void Update(int index, Parameter parameter, Tensor gradient, long step)
    {
        var square = Slot(index, 0, out _);
        var gradAvg = Centered ? Slot(index, 1, out _) : null;
        var buffer = Momentum > 0 ? Slot(index, 2, out _) : null;
        var h = new RmsPropHyper(LearningRate, Alpha, Epsilon, WeightDecay, Momentum, Centered, Maximize);
        parameter.Value.Device.RmsPropUpdate(h, parameter.Value.Storage, gradient.Storage, square.Storage, gradAvg?.Storage, buffer?.Storage, parameter.Size);
    }
}
