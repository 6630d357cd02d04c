using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Layers;
using PipelineExtensions.Neural.Losses;
using PipelineExtensions.Neural.Networks;
using PipelineExtensions.Neural.Optimizers;
using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Tests.Devices;

/// <summary>
/// A few training steps end to end (the README's training step: forward, loss, backward, optimizer) of an MLP
/// with dropout, the small CNN and a small ResNet (batch norm, residual blocks) on the ILGPU backend and on the CPU
/// backend from the same seed: the per-step losses and the final weights agree within
/// <see cref="Conformance.Training"/>. Dropout masks are bit-identical across backends, so the runs are the same
/// computation up to rounding.
/// </summary>
public class TrainingConformanceTests
{
    private const int Classes = 4;

    private static Sequential Network(string name) => name switch
    {
        "mlp" => new NetworkBuilder(new TensorShape(20), seed: 5).Dense(32).ReLU().Dropout(0.2).Dense(Classes).Build(),
        "cnn" => Architectures.SmallCnn(1, 8, 8, Classes, dropout: 0.25, seed: 6),
        _ => Architectures.SmallResNet(1, 6, 6, Classes, seed: 7),
    };

    private static int[] SampleShape(string name) => name switch { "mlp" => [20], "cnn" => [1, 8, 8], _ => [1, 6, 6] };

    // Small images and batches for the convolutional networks: ILGPU's CPU accelerator runs every simulated
    // barrier of the tiled GEMM as a real thread barrier, so their cost grows with the im2col sizes. Batch norm
    // with Adam amplifies rounding differences step by step, so the residual network takes fewer steps.
    private static (int Steps, int Batch) Schedule(string name) => name switch { "mlp" => (6, 16), "cnn" => (4, 6), _ => (3, 6) };

    private static (List<float> Losses, List<float[]> Weights) Train(string name, Device device)
    {
        var net = Network(name);
        net.To(device);
        var optimizer = new Adam(net.Parameters(), 1e-2);
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

    private static void Compare(string name, Device candidate)
    {
        var (expectedLosses, expectedWeights) = Train(name, Conformance.Reference);
        var (losses, weights) = Train(name, candidate);
        Conformance.AssertClose(expectedLosses.ToArray(), losses.ToArray(), Conformance.Training, $"{name} on {candidate.Name}: loss per step");
        for (int i = 0; i < weights.Count; i++)
            Conformance.AssertClose(expectedWeights[i], weights[i], Conformance.Training, $"{name} on {candidate.Name}: parameter {i} after {Schedule(name).Steps} steps");
        // The loss moved: the comparison is not between two untrained networks.
        Assert.NotEqual(expectedLosses[0], expectedLosses[^1]);
    }

    [Theory]
    [InlineData("mlp")]
    [InlineData("cnn")]
    [InlineData("resnet")]
    public void TrainingStepsMatchCpuBackend(string name) => Compare(name, Conformance.CpuAccelerator);

    [CudaFact]
    public void TrainingStepsMatchOnCuda()
    {
        foreach (var name in new[] { "mlp", "cnn", "resnet" })
            Compare(name, Conformance.Cuda);
    }
}
