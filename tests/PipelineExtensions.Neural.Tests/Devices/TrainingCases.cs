using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Layers;
using PipelineExtensions.Neural.Losses;
using PipelineExtensions.Neural.Networks;
using PipelineExtensions.Neural.Optimizers;
using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Tests.Devices;

/// <summary>
/// A few end-to-end training steps (forward, loss, backward, Adam; SGD for the ResNet) of an MLP with dropout, the small CNN and a
/// small ResNet, free of the test framework (the GPU benchmark app links this file): the per-step losses and the
/// final weights, to compare across devices.
/// </summary>
internal static class TrainingCases
{
    public static readonly string[] Names = ["mlp", "cnn", "resnet"];

    public const int Classes = 4;

    public static Sequential Network(string name) => name switch
    {
        "mlp" => new NetworkBuilder(new TensorShape(20), seed: 5).Dense(32).ReLU().Dropout(0.2).Dense(Classes).Build(),
        "cnn" => Architectures.SmallCnn(1, 8, 8, Classes, dropout: 0.25, seed: 6),
        _ => Architectures.SmallResNet(1, 6, 6, Classes, seed: 7),
    };

    public static int[] SampleShape(string name) => name switch { "mlp" => [20], "cnn" => [1, 8, 8], _ => [1, 6, 6] };

    // Small images and batches for the convolutional networks: ILGPU's CPU accelerator runs every simulated
    // barrier of the tiled GEMM as a real thread barrier, so their cost grows with the im2col sizes.
    public static (int Steps, int Batch) Schedule(string name) => name switch { "mlp" => (6, 16), "cnn" => (4, 6), _ => (4, 6) };

    public static (List<float> Losses, List<float[]> Weights) Train(string name, Device device)
    {
        var net = Network(name);
        net.To(device);
        // Adam divides each gradient by its own running RMS, so a parameter whose gradient is rounding noise (batch
        // norm makes some exactly cancel) moves by ±lr on either device: the ResNet is compared under SGD with
        // momentum, whose update is linear in the gradient (seen on an H100: Adam gave 1 % on one weight of 16k).
        Optimizer optimizer = name == "resnet" ? new Sgd(net.Parameters(), 0.05, momentum: 0.9) : new Adam(net.Parameters(), 1e-2);
        var loss = new CrossEntropyLoss();
        int size = SampleShape(name).Aggregate(1, (a, b) => a * b);
        var losses = new List<float>();
        var (steps, batch) = Schedule(name);
        net.Train();
        for (int step = 0; step < steps; step++)
        {
            net.Reseed(1000 + step);
            using var scope = new TensorScope();
            var x = Tensor.FromSpan(TestData.Uniform(batch * size, 400 + step), new TensorShape([batch, .. SampleShape(name)]), device);
            var labels = Enumerable.Range(0, batch).Select(i => (i * 7 + step) % Classes).ToArray();
            optimizer.ZeroGrad();
            var value = loss.Forward(net.Forward(x), labels);
            value.Backward();
            optimizer.Step();
            losses.Add(value.Item());
        }
        return (losses, net.Parameters().Select(p => p.Value.ToArray()).ToList());
    }
}
