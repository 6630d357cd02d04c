using PipelineExtensions.Neural.Autograd;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Options;
using PipelineExtensions.Persistence;

namespace PipelineExtensions.Neural.Layers;

/// <summary>2-D max pooling with a square window (PyTorch's <c>nn.MaxPool2d</c>; stride defaults to the window).</summary>
[ModelComponent("pipex.nn.maxpool2d")]
public sealed class MaxPool2d : Module
{
    /// <summary>Creates the layer.</summary>
    /// <param name="kernelSize">Window height and width.</param>
    /// <param name="stride">Step between windows (default: the window size).</param>
    /// <param name="padding">−∞ padding on each side (at most half the window).</param>
    public MaxPool2d(int kernelSize, int? stride = null, int padding = 0)
    {
        KernelSize = Check.Positive(kernelSize);
        Stride = Check.Positive(stride ?? kernelSize);
        Padding = Check.InRange(padding, 0, kernelSize / 2);
    }

    /// <summary>Window size.</summary>
    public int KernelSize { get; }

    /// <summary>Stride.</summary>
    public int Stride { get; }

    /// <summary>Padding.</summary>
    public int Padding { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.MaxPool2d(input, KernelSize, KernelSize, Stride, Stride, Padding, Padding);

    /// <inheritdoc/>
    public override TensorShape OutputShape(TensorShape input) => PoolShape(this, input, KernelSize, Stride, Padding);

    internal static TensorShape PoolShape(Module m, TensorShape input, int k, int s, int p)
    {
        if (input.Rank != 4 || input[2] + 2 * p < k || input[3] + 2 * p < k)
            throw new ShapeMismatchException($"{m}: expects input [batch, channels, height ≥ {k}, width ≥ {k}], got {input}.");
        return new TensorShape(input[0], input[1], (input[2] + 2 * p - k) / s + 1, (input[3] + 2 * p - k) / s + 1);
    }

    /// <inheritdoc/>
    public override void Save(ModelSaveContext context)
    {
        context.Set("kernel", KernelSize);
        context.Set("stride", Stride);
        context.Set("padding", Padding);
    }

    /// <summary>Loads a layer written by <see cref="Save"/>.</summary>
    public static MaxPool2d Load(ModelLoadContext context) =>
        new(context.GetInt32("kernel"), context.GetInt32("stride"), context.GetInt32("padding"));

    /// <inheritdoc/>
    public override string ToString() => $"MaxPool2d({KernelSize}×{KernelSize}, stride {Stride})";
}
