using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Persistence;

namespace PipelineExtensions.Neural.Layers;

/// <summary>Batch normalisation of [batch, features] (PyTorch's <c>nn.BatchNorm1d</c>).</summary>
[ModelComponent("pipex.nn.batchnorm1d")]
public sealed class BatchNorm1d : BatchNorm
{
    /// <summary>Creates the layer.</summary>
    /// <param name="features">Number of features.</param>
    /// <param name="momentum">Running-statistics momentum (0.1).</param>
    /// <param name="epsilon">Variance epsilon (1e-5).</param>
    /// <param name="device">Device of the parameters.</param>
    public BatchNorm1d(int features, double momentum = 0.1, double epsilon = 1e-5, Device? device = null) : base(features, momentum, epsilon, device)
    {
    }

    /// <inheritdoc/>
    public override TensorShape OutputShape(TensorShape input) => input.Rank == 2 && input[1] == Features
        ? input
        : throw new ShapeMismatchException($"{this}: expects input [batch, {Features}], got {input}.");

    /// <summary>Loads a layer written by <see cref="BatchNorm.Save"/>.</summary>
    public static BatchNorm1d Load(ModelLoadContext context)
    {
        var layer = new BatchNorm1d(context.GetInt32("features"), context.GetDouble("momentum"), context.GetDouble("epsilon"));
        layer.LoadFrom(context);
        return layer;
    }

    /// <inheritdoc/>
    public override string ToString() => $"BatchNorm1d({Features})";
}
