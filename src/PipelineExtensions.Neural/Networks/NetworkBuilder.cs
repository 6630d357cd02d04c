using PipelineExtensions.Neural.Layers;
using PipelineExtensions.Neural.Regularization;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Neural.Networks;

/// <summary>
/// Builds a <see cref="Sequential"/> network layer by layer while tracking the shape, so layers are declared by
/// what they output ("Dense(128)", "Conv2d(32, 3)") and input sizes are inferred. Each layer's seed is derived
/// from the builder's seed and the layer's position, so the same description and seed give the same weights.
/// </summary>
/// <example>
/// <code>
/// var cnn = new NetworkBuilder(new TensorShape(1, 28, 28), seed: 42)
///     .Conv2d(32, 3, padding: 1).ReLU().MaxPool2d(2)
///     .Conv2d(64, 3, padding: 1).ReLU().MaxPool2d(2)
///     .Flatten().Dense(128).ReLU().Dropout(0.5).Dense(10)
///     .Build();
/// </code>
/// </example>
public sealed class NetworkBuilder
{
    private readonly Sequential _network = new();
    private readonly long _seed;
    private TensorShape _shape;

    /// <summary>Starts a network for samples of <paramref name="sampleShape"/> (no batch dimension: [features] or [C, H, W]).</summary>
    public NetworkBuilder(TensorShape sampleShape, long seed = 0)
    {
        if (sampleShape.Rank == 0)
            throw new ArgumentException("The sample shape needs at least one dimension.", nameof(sampleShape));
        _shape = new TensorShape([1, .. sampleShape]);
        _seed = seed;
        SampleShape = sampleShape;
    }

    /// <summary>The shape of one input sample.</summary>
    public TensorShape SampleShape { get; }

    /// <summary>The current output shape of one sample (without the batch dimension).</summary>
    public TensorShape CurrentShape => new(_shape.Skip(1).ToArray());

    /// <summary>Weight initializer for the following Dense/Conv2d layers (default He uniform).</summary>
    public Initializer Initializer { get; set; } = Initializer.HeUniform;

    /// <summary>Kernel regularizer for the following Dense/Conv2d layers (default none).</summary>
    public Regularizer? KernelRegularizer { get; set; }

    private long NextSeed => SeededRandom.MixSeed(_seed, _network.Count);

    /// <summary>Appends any module; its output shape is checked against the current shape.</summary>
    /// <exception cref="ShapeMismatchException">The module does not accept the current shape.</exception>
    public NetworkBuilder Add(Module module)
    {
        _shape = module.OutputShape(_shape);
        _network.Add(module);
        return this;
    }

    /// <summary>A fully connected layer with <paramref name="outputs"/> units (input must be flat: add <see cref="Flatten"/> first).</summary>
    public NetworkBuilder Dense(int outputs)
    {
        if (_shape.Rank != 2)
            throw new ShapeMismatchException($"Dense({outputs}): the current shape {CurrentShape} is not flat; add Flatten() first.");
        return Add(new Dense(_shape[1], outputs, NextSeed, Initializer, kernelRegularizer: KernelRegularizer));
    }

    /// <summary>A convolution with <paramref name="channels"/> filters of size <paramref name="kernelSize"/>.</summary>
    public NetworkBuilder Conv2d(int channels, int kernelSize, int stride = 1, int padding = 0, bool useBias = true)
    {
        if (_shape.Rank != 4)
            throw new ShapeMismatchException($"Conv2d({channels}): needs [channels, height, width] samples, the current shape is {CurrentShape}.");
        return Add(new Conv2d(_shape[1], channels, kernelSize, stride, padding, NextSeed, Initializer, useBias, KernelRegularizer));
    }

    /// <summary>Max pooling.</summary>
    public NetworkBuilder MaxPool2d(int kernelSize, int? stride = null, int padding = 0) => Add(new MaxPool2d(kernelSize, stride, padding));

    /// <summary>Average pooling.</summary>
    public NetworkBuilder AvgPool2d(int kernelSize, int? stride = null, int padding = 0) => Add(new AvgPool2d(kernelSize, stride, padding));

    /// <summary>Global average pooling ([C, H, W] → [C]).</summary>
    public NetworkBuilder GlobalAvgPool2d() => Add(new GlobalAvgPool2d());

    /// <summary>Batch normalisation (1-d for flat shapes, 2-d for images).</summary>
    public NetworkBuilder BatchNorm(double momentum = 0.1, double epsilon = 1e-5) =>
        Add(_shape.Rank == 4 ? new BatchNorm2d(_shape[1], momentum, epsilon) : new BatchNorm1d(_shape[1], momentum, epsilon));

    /// <summary>ResNet's basic block with <paramref name="channels"/> output channels.</summary>
    public NetworkBuilder ResidualBlock(int channels, int stride = 1)
    {
        if (_shape.Rank != 4)
            throw new ShapeMismatchException($"ResidualBlock({channels}): needs [channels, height, width] samples, the current shape is {CurrentShape}.");
        return Add(Layers.ResidualBlock.Basic(_shape[1], channels, stride, NextSeed));
    }

    /// <summary>Inverted dropout.</summary>
    public NetworkBuilder Dropout(double probability) => Add(new Dropout(probability, NextSeed));

    /// <summary>Flattens [C, H, W] to [C·H·W].</summary>
    public NetworkBuilder Flatten() => Add(new Flatten());

    /// <summary>ReLU.</summary>
    public NetworkBuilder ReLU() => Add(new ReLU());

    /// <summary>Leaky ReLU.</summary>
    public NetworkBuilder LeakyReLU(double negativeSlope = 0.01) => Add(new LeakyReLU(negativeSlope));

    /// <summary>GELU.</summary>
    public NetworkBuilder GELU() => Add(new GELU());

    /// <summary>Sigmoid.</summary>
    public NetworkBuilder Sigmoid() => Add(new Sigmoid());

    /// <summary>Tanh.</summary>
    public NetworkBuilder Tanh() => Add(new Tanh());

    /// <summary>Softmax (for probability outputs; losses take logits).</summary>
    public NetworkBuilder Softmax() => Add(new Softmax());

    /// <summary>The network built so far (samples are reshaped by the caller to [batch, ..sample shape]).</summary>
    public Sequential Build() => _network;
}
