using PipelineExtensions.Neural.Autograd;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Persistence;

namespace PipelineExtensions.Neural.Layers;

/// <summary>x for x ≥ 0, slope·x otherwise (PyTorch's default slope 0.01).</summary>
[ModelComponent("pipex.nn.leakyrelu")]
public sealed class LeakyReLU : Activation
{
    /// <summary>Creates the layer.</summary>
    /// <param name="negativeSlope">Slope for negative inputs.</param>
    public LeakyReLU(double negativeSlope = 0.01)
    {
        if (!double.IsFinite(negativeSlope))
            throw new ArgumentOutOfRangeException(nameof(negativeSlope), negativeSlope, "negativeSlope must be finite.");
        NegativeSlope = negativeSlope;
    }

    /// <summary>Slope for negative inputs.</summary>
    public double NegativeSlope { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.LeakyRelu(input, (float)NegativeSlope);

    /// <inheritdoc/>
    public override void Save(ModelSaveContext context) => context.Set("negativeSlope", NegativeSlope);

    /// <summary>Loads the layer.</summary>
    public static LeakyReLU Load(ModelLoadContext context) => new(context.GetDouble("negativeSlope"));

    /// <inheritdoc/>
    public override string ToString() => $"LeakyReLU({NegativeSlope})";
}
