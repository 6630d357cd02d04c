using PipelineExtensions.Neural.Autograd;
using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Layers;
using PipelineExtensions.Neural.Losses;
using PipelineExtensions.Neural.Optimizers;
using PipelineExtensions.Neural.Regularization;
using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Tests.Devices;

/// <summary>
/// Every layer, loss and optimizer through the public engine API (autograd included) on the ILGPU backend against
/// the CPU backend: the layer is built from the same seed, moved with <see cref="Module.To"/>, run forward in
/// training mode and backward from the same seeded output gradient, then forward in evaluation mode. Outputs,
/// input and parameter gradients and buffers (running statistics) must agree within <see cref="Conformance.Summed"/>.
/// </summary>
public class LayerConformanceTests
{
    public static TheoryData<string> LayerNames => new(LayerCases.LayerNames);

    private static void Compare(List<(string What, float[] Values)> expected, List<(string What, float[] Values)> actual, string name, Device device)
    {
        Assert.Equal(expected.Select(e => e.What), actual.Select(a => a.What));
        for (int i = 0; i < expected.Count; i++)
            Conformance.AssertClose(expected[i].Values, actual[i].Values, Conformance.Summed, $"{name} on {device.Name}: {expected[i].What}");
    }

    [Theory]
    [MemberData(nameof(LayerNames))]
    public void LayerForwardAndBackwardMatchCpuBackend(string name) =>
        Compare(LayerCases.RunLayer(name, Conformance.Reference), LayerCases.RunLayer(name, Conformance.CpuAccelerator), name, Conformance.CpuAccelerator);

    [Theory]
    [InlineData("cross-entropy")]
    [InlineData("cross-entropy-weighted-smoothed")]
    [InlineData("cross-entropy-soft")]
    [InlineData("bce")]
    [InlineData("mse")]
    public void LossValueAndGradientMatchCpuBackend(string name)
    {
        var expected = LayerCases.RunLoss(name, Conformance.Reference);
        var actual = LayerCases.RunLoss(name, Conformance.CpuAccelerator);
        for (int i = 0; i < expected.Count; i++)
            Conformance.AssertClose(expected[i].Item2, actual[i].Item2, Conformance.Summed, $"{name}: {expected[i].Item1}");
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    [InlineData("adamw")]
    [InlineData("rmsprop")]
    public void OptimizerStepsMatchCpuBackend(string name)
    {
        var expected = LayerCases.RunOptimizer(name, Conformance.Reference);
        var actual = LayerCases.RunOptimizer(name, Conformance.CpuAccelerator);
        for (int i = 0; i < expected.Count; i++)
            Conformance.AssertClose(expected[i], actual[i], Conformance.Summed, $"{name}: parameter {i} after 3 steps");
    }

    [CudaFact]
    public void EveryLayerLossAndOptimizerMatchesOnCuda()
    {
        foreach (var name in LayerCases.LayerNames)
            Compare(LayerCases.RunLayer(name, Conformance.Reference), LayerCases.RunLayer(name, Conformance.Cuda), name, Conformance.Cuda);
        foreach (var name in LayerCases.LossNames)
        {
            var expected = LayerCases.RunLoss(name, Conformance.Reference);
            var actual = LayerCases.RunLoss(name, Conformance.Cuda);
            for (int i = 0; i < expected.Count; i++)
                Conformance.AssertClose(expected[i].Item2, actual[i].Item2, Conformance.Summed, $"{name} on cuda: {expected[i].Item1}");
        }
        foreach (var name in LayerCases.OptimizerNames)
        {
            var expected = LayerCases.RunOptimizer(name, Conformance.Reference);
            var actual = LayerCases.RunOptimizer(name, Conformance.Cuda);
            for (int i = 0; i < expected.Count; i++)
                Conformance.AssertClose(expected[i], actual[i], Conformance.Summed, $"{name} on cuda: parameter {i}");
        }
    }
}
