using PipelineExtensions.Neural.Autograd;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Persistence;

namespace PipelineExtensions.Neural.Layers;

/// <summary>The hyperbolic tangent.</summary>
[ModelComponent("pipex.nn.tanh")]
public sealed class Tanh : Activation
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Tanh(input);

    /// <summary>Loads the layer.</summary>
    public static Tanh Load(ModelLoadContext context) => new();

    /// <inheritdoc/>
    public override string ToString() => "Tanh";
}
