using PipelineExtensions.Neural.Autograd;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Persistence;

namespace PipelineExtensions.Neural.Layers;

/// <summary>[batch, d1, d2, ...] → [batch, d1·d2·...] (a view; no copy).</summary>
[ModelComponent("pipex.nn.flatten")]
public sealed class Flatten : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Flatten(input);

    /// <inheritdoc/>
    public override TensorShape OutputShape(TensorShape input) => input.Rank >= 1
        ? new TensorShape(input[0], input.Size / input[0])
        : throw new ShapeMismatchException($"Flatten: needs a batch dimension, got {input}.");

    /// <inheritdoc/>
    public override void Save(ModelSaveContext context)
    {
    }

    /// <summary>Loads the layer.</summary>
    public static Flatten Load(ModelLoadContext context) => new();

    /// <inheritdoc/>
    public override string ToString() => "Flatten";
}
