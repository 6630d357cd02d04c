using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Persistence;

namespace PipelineExtensions.Neural.Layers;

/// <summary>Base of parameter-free element-wise layers (the output has the input's shape).</summary>
public abstract class Activation : Module
{
    /// <inheritdoc/>
    public override TensorShape OutputShape(TensorShape input) => input;

    /// <inheritdoc/>
    public override void Save(ModelSaveContext context)
    {
    }
}
