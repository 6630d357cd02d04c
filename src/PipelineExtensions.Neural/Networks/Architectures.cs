using PipelineExtensions.Neural.Layers;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Options;

namespace PipelineExtensions.Neural.Networks;

/// <summary>The built-in networks used by the trainers and benchmarks.</summary>
public static class Architectures
{
    /// <summary>
    /// A multilayer perceptron: for each hidden size, Dense → ReLU (→ Dropout when <paramref name="dropout"/> &gt; 0),
    /// then a Dense output layer of <paramref name="outputs"/> logits. E.g. Mlp(784, [256, 128], 10).
    /// </summary>
    public static Sequential Mlp(int inputs, IReadOnlyList<int> hidden, int outputs, double dropout = 0, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        Check.InRange(dropout, 0, 0.99);
        var b = new NetworkBuilder(new TensorShape(inputs), seed);
        foreach (int h in hidden)
        {
            b.Dense(h).ReLU();
            if (dropout > 0)
                b.Dropout(dropout);
        }
        return b.Dense(outputs).Build();
    }

    /// <summary>
    /// The small CNN of the benchmarks: conv3×3(32, pad 1) → ReLU → maxpool 2 → conv3×3(64, pad 1) → ReLU →
    /// maxpool 2 → flatten → Dense(128) → ReLU → Dropout(0.5) → Dense(classes). For 1×28×28 inputs the flattened
    /// size is 64·7·7 = 3136.
    /// </summary>
    public static Sequential SmallCnn(int channels, int height, int width, int classes, double dropout = 0.5, long seed = 0) =>
        new NetworkBuilder(new TensorShape(channels, height, width), seed)
            .Conv2d(32, 3, padding: 1).ReLU().MaxPool2d(2)
            .Conv2d(64, 3, padding: 1).ReLU().MaxPool2d(2)
            .Flatten().Dense(128).ReLU().Dropout(dropout).Dense(classes)
            .Build();

    /// <summary>
    /// A small residual network: conv3×3(16) → BN → ReLU, then basic blocks of 16, 32 (stride 2) and 64 (stride 2)
    /// channels, global average pooling and a Dense classifier (a ResNet-8 in the CIFAR style).
    /// </summary>
    public static Sequential SmallResNet(int channels, int height, int width, int classes, long seed = 0) =>
        new NetworkBuilder(new TensorShape(channels, height, width), seed)
            .Conv2d(16, 3, padding: 1, useBias: false).BatchNorm().ReLU()
            .ResidualBlock(16)
            .ResidualBlock(32, stride: 2)
            .ResidualBlock(64, stride: 2)
            .GlobalAvgPool2d().Dense(classes)
            .Build();
}
