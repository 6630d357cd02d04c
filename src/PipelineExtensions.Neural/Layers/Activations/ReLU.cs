using PipelineExtensions.Neural.Autograd;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Persistence;

namespace PipelineExtensions.Neural.Layers;

/// <summary>max(x, 0).</summary>
[ModelComponent("pipex.nn.relu")]
public sealed class ReLU : Activation
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Relu(input);

    /// <summary>Loads the layer.</summary>
    public static ReLU Load(ModelLoadContext context) => new();

    /// <inheritdoc/>
    public override string ToString() => "ReLU";
}
