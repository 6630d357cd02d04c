using PipelineExtensions.Neural.Autograd;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Options;
using PipelineExtensions.Persistence;

namespace PipelineExtensions.Neural.Layers;

/// <summary>2-D average pooling with a square window (PyTorch's <c>nn.AvgPool2d</c>, count_include_pad by default).</summary>
[ModelComponent("pipex.nn.avgpool2d")]
public sealed class AvgPool2d : Module
{
    /// <summary>Creates the layer.</summary>
    /// <param name="kernelSize">Window height and width.</param>
    /// <param name="stride">Step between windows (default: the window size).</param>
    /// <param name="padding">Zero padding on each side (at most half the window).</param>
    /// <param name="countIncludePad">Divide by the whole window including padding (PyTorch's default) or only by real values.</param>
    public AvgPool2d(int kernelSize, int? stride = null, int padding = 0, bool countIncludePad = true)
    {
        KernelSize = Check.Positive(kernelSize);
        Stride = Check.Positive(stride ?? kernelSize);
        Padding = Check.InRange(padding, 0, kernelSize / 2);
        CountIncludePad = countIncludePad;
    }

    /// <summary>Window size.</summary>
    public int KernelSize { get; }

    /// <summary>Stride.</summary>
    public int Stride { get; }

    /// <summary>Padding.</summary>
    public int Padding { get; }

    /// <summary>Whether padded positions count in the divisor.</summary>
    public bool CountIncludePad { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) =>
        Functional.AvgPool2d(input, KernelSize, KernelSize, Stride, Stride, Padding, Padding, CountIncludePad);

    /// <inheritdoc/>
    public override TensorShape OutputShape(TensorShape input) => MaxPool2d.PoolShape(this, input, KernelSize, Stride, Padding);

    /// <inheritdoc/>
    public override void Save(ModelSaveContext context)
    {
        context.Set("kernel", KernelSize);
        context.Set("stride", Stride);
        context.Set("padding", Padding);
        context.Set("countIncludePad", CountIncludePad);
    }

    /// <summary>Loads a layer written by <see cref="Save"/>.</summary>
    public static AvgPool2d Load(ModelLoadContext context) =>
        new(context.GetInt32("kernel"), context.GetInt32("stride"), context.GetInt32("padding"), context.GetBoolean("countIncludePad"));

    /// <inheritdoc/>
    public override string ToString() => $"AvgPool2d({KernelSize}×{KernelSize}, stride {Stride})";
}
