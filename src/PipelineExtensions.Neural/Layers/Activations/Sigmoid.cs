using PipelineExtensions.Neural.Autograd;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Persistence;

namespace PipelineExtensions.Neural.Layers;

/// <summary>1 / (1 + e^−x).</summary>
[ModelComponent("pipex.nn.sigmoid")]
public sealed class Sigmoid : Activation
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Sigmoid(input);

    /// <summary>Loads the layer.</summary>
    public static Sigmoid Load(ModelLoadContext context) => new();

    /// <inheritdoc/>
    public override string ToString() => "Sigmoid";
}
