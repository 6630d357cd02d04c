using PipelineExtensions.Neural.Autograd;
using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Parameters;
using PipelineExtensions.Neural.Regularization;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Options;
using PipelineExtensions.Persistence;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Neural.Layers;

/// <summary>
/// A 2-D convolution over [batch, in channels, height, width] with a square kernel, stride and zero padding
/// (PyTorch's <c>nn.Conv2d</c>; weight [out, in, k, k]).
/// </summary>
[ModelComponent("pipex.nn.conv2d")]
public sealed class Conv2d : Module
{
    /// <summary>Creates the layer with seeded initial weights.</summary>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels (filters).</param>
    /// <param name="kernelSize">Kernel height and width.</param>
    /// <param name="stride">Step between windows.</param>
    /// <param name="padding">Zeros added on each side (use (k−1)/2 with stride 1 to keep the size).</param>
    /// <param name="seed">Seed of the initial weights.</param>
    /// <param name="initializer">How weights are drawn (fan_in = in·k·k); default He uniform.</param>
    /// <param name="useBias">Whether to add a per-channel bias.</param>
    /// <param name="kernelRegularizer">Optional L1/L2 penalty on the kernel.</param>
    /// <param name="device">Device of the parameters.</param>
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, long seed = 0,
        Initializer initializer = Initializer.HeUniform, bool useBias = true, Regularizer? kernelRegularizer = null, Device? device = null)
    {
        InChannels = Check.Positive(inChannels);
        OutChannels = Check.Positive(outChannels);
        KernelSize = Check.Positive(kernelSize);
        Stride = Check.Positive(stride);
        Padding = Check.NonNegative(padding);
        Initializer = initializer;
        int fanIn = inChannels * kernelSize * kernelSize, fanOut = outChannels * kernelSize * kernelSize;
        var random = SeededRandom.Derive(seed, 0);
        Weight = AddParameter("weight", new TensorShape(outChannels, inChannels, kernelSize, kernelSize),
            Initialization.Weights(initializer, outChannels * fanIn, fanIn, fanOut, random), ParameterRole.Weight, kernelRegularizer, device);
        if (useBias)
            Bias = AddParameter("bias", new TensorShape(outChannels), Initialization.Biases(initializer, outChannels, fanIn, random), ParameterRole.Bias, null, device);
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Kernel height and width.</summary>
    public int KernelSize { get; }

    /// <summary>Stride.</summary>
    public int Stride { get; }

    /// <summary>Zero padding on each side.</summary>
    public int Padding { get; }

    /// <summary>The initializer used at construction.</summary>
    public Initializer Initializer { get; }

    /// <summary>The kernel [out, in, k, k].</summary>
    public Parameter Weight { get; }

    /// <summary>The bias [out], or null.</summary>
    public Parameter? Bias { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Conv2d(input, Weight.Value, Bias?.Value, Stride, Stride, Padding, Padding);

    /// <inheritdoc/>
    public override TensorShape OutputShape(TensorShape input)
    {
        if (input.Rank != 4 || input[1] != InChannels)
            throw new ShapeMismatchException($"{this}: expects input [batch, {InChannels}, height, width], got {input}.");
        int h = (input[2] + 2 * Padding - KernelSize) / Stride + 1, w = (input[3] + 2 * Padding - KernelSize) / Stride + 1;
        if (input[2] + 2 * Padding < KernelSize || input[3] + 2 * Padding < KernelSize)
            throw new ShapeMismatchException($"{this}: input {input} is smaller than the kernel.");
        return new TensorShape(input[0], OutChannels, h, w);
    }

    /// <inheritdoc/>
    public override void Save(ModelSaveContext context)
    {
        context.Set("inChannels", InChannels);
        context.Set("outChannels", OutChannels);
        context.Set("kernel", KernelSize);
        context.Set("stride", Stride);
        context.Set("padding", Padding);
        context.Set("bias", Bias is not null);
        context.Set("initializer", Initializer.ToString());
        SaveValues(context);
    }

    /// <summary>Loads a layer written by <see cref="Save"/>.</summary>
    public static Conv2d Load(ModelLoadContext context)
    {
        var layer = new Conv2d(context.GetInt32("inChannels"), context.GetInt32("outChannels"), context.GetInt32("kernel"),
            context.GetInt32("stride"), context.GetInt32("padding"), 0, Enum.Parse<Initializer>(context.GetString("initializer")), context.GetBoolean("bias"));
        layer.LoadValues(context);
        return layer;
    }

    /// <inheritdoc/>
    public override string ToString() => $"Conv2d({InChannels} → {OutChannels}, {KernelSize}×{KernelSize}, stride {Stride}, padding {Padding})";
}
