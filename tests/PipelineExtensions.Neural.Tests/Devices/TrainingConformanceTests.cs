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
    private static void Compare(string name, Device candidate)
    {
        var (expectedLosses, expectedWeights) = TrainingCases.Train(name, Conformance.Reference);
        var (losses, weights) = TrainingCases.Train(name, candidate);
        Conformance.AssertClose(expectedLosses.ToArray(), losses.ToArray(), Conformance.Training, $"{name} on {candidate.Name}: loss per step");
        for (int i = 0; i < weights.Count; i++)
            Conformance.AssertClose(expectedWeights[i], weights[i], Conformance.Training, $"{name} on {candidate.Name}: parameter {i} after {TrainingCases.Schedule(name).Steps} steps");
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
