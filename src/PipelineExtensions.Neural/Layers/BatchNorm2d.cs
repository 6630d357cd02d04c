using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Persistence;

namespace PipelineExtensions.Neural.Layers;

/// <summary>Batch normalisation of [batch, channels, height, width] per channel (PyTorch's <c>nn.BatchNorm2d</c>).</summary>
[ModelComponent("pipex.nn.batchnorm2d")]
public sealed class BatchNorm2d : BatchNorm
{
    /// <summary>Creates the layer.</summary>
    /// <param name="channels">Number of channels.</param>
    /// <param name="momentum">Running-statistics momentum (0.1).</param>
    /// <param name="epsilon">Variance epsilon (1e-5).</param>
    /// <param name="device">Device of the parameters.</param>
    public BatchNorm2d(int channels, double momentum = 0.1, double epsilon = 1e-5, Device? device = null) : base(channels, momentum, epsilon, device)
    {
    }

    /// <inheritdoc/>
    public override TensorShape OutputShape(TensorShape input) => input.Rank == 4 && input[1] == Features
        ? input
        : throw new ShapeMismatchException($"{this}: expects input [batch, {Features}, height, width], got {input}.");

    /// <summary>Loads a layer written by <see cref="BatchNorm.Save"/>.</summary>
    public static BatchNorm2d Load(ModelLoadContext context)
    {
        var layer = new BatchNorm2d(context.GetInt32("features"), context.GetDouble("momentum"), context.GetDouble("epsilon"));
        layer.LoadFrom(context);
        return layer;
    }

    /// <inheritdoc/>
    public override string ToString() => $"BatchNorm2d({Features})";
}
