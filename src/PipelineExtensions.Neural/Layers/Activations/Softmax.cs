using PipelineExtensions.Neural.Autograd;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Persistence;

namespace PipelineExtensions.Neural.Layers;

/// <summary>Softmax over the last dimension (for probabilities; train with the cross-entropy loss on logits instead).</summary>
[ModelComponent("pipex.nn.softmax")]
public sealed class Softmax : Activation
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Softmax(input);

    /// <summary>Loads the layer.</summary>
    public static Softmax Load(ModelLoadContext context) => new();

    /// <inheritdoc/>
    public override string ToString() => "Softmax";
}
