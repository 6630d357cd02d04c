using PipelineExtensions.Neural.Autograd;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Persistence;

namespace PipelineExtensions.Neural.Layers;

/// <summary>The mean of each channel over its spatial positions: [batch, C, H, W] → [batch, C].</summary>
[ModelComponent("pipex.nn.globalavgpool2d")]
public sealed class GlobalAvgPool2d : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.GlobalAvgPool2d(input);

    /// <inheritdoc/>
    public override TensorShape OutputShape(TensorShape input) => input.Rank == 4
        ? new TensorShape(input[0], input[1])
        : throw new ShapeMismatchException($"{this}: expects input [batch, channels, height, width], got {input}.");

    /// <inheritdoc/>
    public override void Save(ModelSaveContext context)
    {
    }

    /// <summary>Loads the layer.</summary>
    public static GlobalAvgPool2d Load(ModelLoadContext context) => new();

    /// <inheritdoc/>
    public override string ToString() => "GlobalAvgPool2d";
}
