using PipelineExtensions.Neural.Autograd;
using PipelineExtensions.Neural.Layers;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Neural.Tests.Devices;

namespace PipelineExtensions.Neural.Tests.Layers;

public class LayerTests
{
    private static Tensor Input(int seed, params int[] shape) => TestData.Leaf(TestData.AwayFromZero(new TensorShape(shape).Size, seed), shape);

    public static TheoryData<string> LayerNames => new() { "dense", "conv", "conv-stride", "maxpool", "avgpool", "gap", "bn1", "bn2", "relu", "leaky", "gelu", "sigmoid", "tanh", "softmax", "flatten", "residual", "residual-projection", "sequential" };

    // The same layers, seeds and input shapes as the device-conformance cases.
    private static (Module Layer, int[] Shape) Make(string name) => LayerCases.Make(name);

    [Theory]
    [MemberData(nameof(LayerNames))]
    public void GradientsOfInputAndParametersMatchFiniteDifferences(string name)
    {
        var (layer, shape) = Make(name);
        var x = name == "maxpool" ? TestData.Leaf(TestData.Distinct(new TensorShape(shape).Size, 9), shape) : Input(8, shape);
        var parameters = layer.Parameters().Select(p => p.Value).ToArray();
        // Residual blocks contain ReLUs after batch norm: probes must stay small to not cross a kink.
        double h = name is "maxpool" || name.StartsWith("residual") ? 1e-3 : 1e-2;
        GradientCheck.Check(t => layer.Forward(t[0]), [x, .. parameters], h: h, rtol: 3e-2, atol: 5e-3);
    }

    [Theory]
    [MemberData(nameof(LayerNames))]
    public void OutputShapePredictsForward(string name)
    {
        var (layer, shape) = Make(name);
        using (GradMode.NoGrad())
            Assert.Equal(layer.OutputShape(new TensorShape(shape)), layer.Forward(Input(10, shape)).Shape);
    }

    [Fact]
    public void ShapeMismatchesNameBothShapes()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => new Dense(784, 256).Forward(Tensor.Zeros(new TensorShape(8, 100))));
        Assert.Contains("[8, 100]", e.Message);
        Assert.Contains("[256, 784]", e.Message);
        var c = Assert.Throws<ShapeMismatchException>(() => new Conv2d(3, 8, 3).Forward(Tensor.Zeros(new TensorShape(2, 1, 8, 8))));
        Assert.Contains("[2, 1, 8, 8]", c.Message);
        Assert.Contains("[8, 3, 3, 3]", c.Message);
        var b = Assert.Throws<ShapeMismatchException>(() => Tensor.Zeros(new TensorShape(2, 3)) + Tensor.Zeros(new TensorShape(4)));
        Assert.Contains("[2, 3]", b.Message);
        Assert.Contains("[4]", b.Message);
    }

    [Fact]
    public void DropoutIsInvertedAndOnlyActiveInTraining()
    {
        var drop = new Dropout(0.25, seed: 3);
        var x = Tensor.Ones(new TensorShape(200, 50));
        var y = drop.Forward(x).ToArray();
        int zeros = y.Count(v => v == 0f);
        Assert.InRange(zeros, 2200, 2800); // 25% of 10,000 ± 6σ
        Assert.All(y.Where(v => v != 0f), v => Assert.Equal(1f / 0.75f, v, 6));
        drop.Eval();
        Assert.Same(x, drop.Forward(x));
    }

    [Fact]
    public void DropoutMasksRepeatAfterReseed()
    {
        var drop = new Dropout(0.5, seed: 1);
        var x = Tensor.Ones(new TensorShape(64));
        var first = drop.Forward(x).ToArray();
        var second = drop.Forward(x).ToArray();
        Assert.NotEqual(first, second);
        drop.Reseed(1);
        Assert.Equal(first, drop.Forward(x).ToArray());
    }

    [Fact]
    public void BatchNormUpdatesRunningStatisticsLikePyTorchAndUsesThemInEval()
    {
        var bn = new BatchNorm1d(2, momentum: 0.1);
        float[] data = [1, 10, 3, 20, 5, 30, 7, 40];
        bn.Forward(Tensor.FromArray(data, 4, 2));
        // mean (4, 25); unbiased variance (20/3, 500/3)
        var rm = bn.RunningMean.ToArray();
        var rv = bn.RunningVar.ToArray();
        Assert.Equal(0.4f, rm[0], 5);
        Assert.Equal(2.5f, rm[1], 5);
        Assert.Equal(0.9f + 0.1f * 20f / 3f, rv[0], 5);
        Assert.Equal(0.9f + 0.1f * 500f / 3f, rv[1], 4);
        bn.Eval();
        var y = bn.Forward(Tensor.FromArray([0.4f, 2.5f], 1, 2)).ToArray();
        Assert.Equal(0f, y[0], 5);
        Assert.Equal(0f, y[1], 5);
    }

    [Fact]
    public void SameSeedSameWeightsDifferentSeedDifferentWeights()
    {
        Assert.Equal(new Dense(20, 10, seed: 5).Weight.Value.ToArray(), new Dense(20, 10, seed: 5).Weight.Value.ToArray());
        Assert.NotEqual(new Dense(20, 10, seed: 5).Weight.Value.ToArray(), new Dense(20, 10, seed: 6).Weight.Value.ToArray());
    }

    [Theory]
    [InlineData(Initializer.HeUniform, 2.0 / 400)]
    [InlineData(Initializer.HeNormal, 2.0 / 400)]
    [InlineData(Initializer.GlorotUniform, 2.0 / 500)]
    [InlineData(Initializer.GlorotNormal, 2.0 / 500)]
    [InlineData(Initializer.PyTorchDefault, 1.0 / 3 / 400)]
    public void InitializersHaveTheirPublishedVariance(Initializer init, double variance)
    {
        var w = new Dense(400, 100, seed: 11, initializer: init).Weight.Value.ToArray();
        double mean = w.Average(v => (double)v);
        double var = w.Average(v => (v - mean) * (v - mean));
        Assert.InRange(var, variance * 0.95, variance * 1.05);
    }

    [Fact]
    public void NumericCheckNamesTheLayerThatProducedNaN()
    {
        var net = new Sequential(new Dense(2, 2, seed: 1), new ReLU(), new Dense(2, 1, seed: 2));
        net.Parameters()[2].Value.CopyFrom([float.NaN, 0f]);
        using (NumericCheck.Enable())
        {
            var e = Assert.Throws<NonFiniteValueException>(() => net.Forward(Tensor.Ones(new TensorShape(3, 2))));
            Assert.Contains("layer 2", e.Message);
            var input = Assert.Throws<NonFiniteValueException>(() => net.Forward(Tensor.FromArray([1f, float.PositiveInfinity], 1, 2)));
            Assert.Contains("input", input.Message);
        }
    }
}
