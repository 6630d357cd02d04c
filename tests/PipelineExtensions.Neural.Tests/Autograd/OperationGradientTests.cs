using PipelineExtensions.Neural.Autograd;
using PipelineExtensions.Neural.Tensors;
using F = PipelineExtensions.Neural.Autograd.Functional;

namespace PipelineExtensions.Neural.Tests.Autograd;

/// <summary>Finite-difference checks of every differentiable operation.</summary>
public class OperationGradientTests
{
    private static Tensor X(int seed, params int[] shape) => TestData.Leaf(TestData.AwayFromZero(new TensorShape(shape).Size, seed), shape);

    private static Tensor Positive(int seed, params int[] shape) =>
        TestData.Leaf(TestData.Uniform(new TensorShape(shape).Size, seed, 0.5f, 2f), shape);

    [Theory]
    [InlineData("relu")]
    [InlineData("leaky")]
    [InlineData("gelu")]
    [InlineData("sigmoid")]
    [InlineData("tanh")]
    [InlineData("exp")]
    [InlineData("abs")]
    [InlineData("square")]
    [InlineData("affine")]
    [InlineData("neg")]
    public void Unary(string op)
    {
        Func<Tensor, Tensor> f = op switch
        {
            "relu" => F.Relu,
            "leaky" => x => F.LeakyRelu(x, 0.2f),
            "gelu" => F.Gelu,
            "sigmoid" => F.Sigmoid,
            "tanh" => F.Tanh,
            "exp" => F.Exp,
            "abs" => F.Abs,
            "square" => F.Square,
            "affine" => x => x * 3f + 1f,
            _ => x => -x,
        };
        GradientCheck.Check(t => f(t[0]), [X(1, 3, 5)]);
    }

    [Fact]
    public void LogAndSqrt() => GradientCheck.Check(t => F.Log(t[0]) + F.Sqrt(t[0]), [Positive(2, 4, 3)]);

    [Theory]
    [InlineData(new[] { 3, 4 }, new[] { 3, 4 })]
    [InlineData(new[] { 3, 4 }, new[] { 4 })]
    [InlineData(new[] { 2, 3, 4 }, new[] { 3, 1 })]
    [InlineData(new[] { 3, 1 }, new[] { 1, 4 })]
    [InlineData(new[] { 2, 3 }, new int[0])]
    public void BinaryWithBroadcasting(int[] aShape, int[] bShape)
    {
        var a = X(3, aShape);
        var b = Positive(4, bShape);
        GradientCheck.Check(t => t[0] + t[1], [a, b]);
        GradientCheck.Check(t => t[0] - t[1], [a, b]);
        GradientCheck.Check(t => t[0] * t[1], [a, b]);
        GradientCheck.Check(t => t[0] / t[1], [a, b]);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void MatMul(bool ta, bool tb)
    {
        var a = ta ? X(5, 4, 3) : X(5, 3, 4);
        var b = tb ? X(6, 5, 4) : X(6, 4, 5);
        GradientCheck.Check(t => F.MatMul(t[0], t[1], ta, tb), [a, b]);
    }

    [Fact]
    public void Linear() => GradientCheck.Check(t => F.Linear(t[0], t[1], t[2]), [X(7, 5, 4), X(8, 3, 4), X(9, 3)]);

    [Fact]
    public void Reductions()
    {
        GradientCheck.Check(t => F.Sum(t[0]), [X(10, 3, 4)]);
        GradientCheck.Check(t => F.Mean(t[0]), [X(11, 3, 4)]);
        GradientCheck.Check(t => F.SumOfSquares(t[0]), [X(12, 3, 4)]);
        GradientCheck.Check(t => F.SumOfAbs(t[0]), [X(13, 3, 4)]);
        GradientCheck.Check(t => F.SumToShape(t[0], new TensorShape(3, 1)), [X(14, 2, 3, 4)]);
    }

    [Fact]
    public void SoftmaxAndLogSoftmax()
    {
        GradientCheck.Check(t => F.Softmax(t[0]), [X(15, 4, 6)]);
        GradientCheck.Check(t => F.LogSoftmax(t[0]), [X(16, 4, 6)]);
    }

    [Fact]
    public void ReshapeAndFlatten() => GradientCheck.Check(t => F.Flatten(t[0]) * F.Reshape(t[0], 2, -1), [X(17, 2, 3, 2, 2)]);

    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(2, 0)]
    public void Conv2d(int stride, int padding) =>
        GradientCheck.Check(t => F.Conv2d(t[0], t[1], t[2], stride, stride, padding, padding), [X(18, 2, 3, 6, 5), X(19, 4, 3, 3, 3), X(20, 4)]);

    [Fact]
    public void PointwiseConv2d() => GradientCheck.Check(t => F.Conv2d(t[0], t[1], null), [X(21, 2, 3, 4, 4), X(22, 5, 3, 1, 1)]);

    [Theory]
    [InlineData(2, 2, 0)]
    [InlineData(3, 2, 1)]
    [InlineData(3, 1, 0)]
    public void MaxPool(int k, int s, int p)
    {
        var x = TestData.Leaf(TestData.Distinct(2 * 3 * 7 * 6, 23), 2, 3, 7, 6);
        // Distinct values spaced 2/N apart: keep the probe smaller than the gap so the arg-max never changes.
        GradientCheck.Check(t => F.MaxPool2d(t[0], k, k, s, s, p, p), [x], h: 1e-3, atol: 5e-3);
    }

    [Theory]
    [InlineData(2, 2, 0, true)]
    [InlineData(3, 2, 1, true)]
    [InlineData(3, 2, 1, false)]
    public void AvgPool(int k, int s, int p, bool includePad) =>
        GradientCheck.Check(t => F.AvgPool2d(t[0], k, k, s, s, p, p, includePad), [X(24, 2, 3, 7, 6)]);

    [Fact]
    public void GlobalAvgPool() => GradientCheck.Check(t => F.GlobalAvgPool2d(t[0]), [X(25, 2, 3, 4, 5)]);

    [Theory]
    [InlineData(true, new[] { 6, 3 })]
    [InlineData(true, new[] { 4, 3, 2, 3 })]
    [InlineData(false, new[] { 4, 3, 2, 3 })]
    public void BatchNorm(bool training, int[] shape)
    {
        var rm = Tensor.FromArray([0.1f, -0.2f, 0.3f], 3);
        var rv = Tensor.FromArray([1.5f, 0.5f, 2f], 3);
        GradientCheck.Check(t => F.BatchNorm(t[0], t[1], t[2], null, null, training: true),
            [X(26, shape), Positive(27, 3), X(28, 3)], rtol: 3e-2);
        if (!training)
            GradientCheck.Check(t => F.BatchNorm(t[0], t[1], t[2], rm, rv, training: false), [X(29, shape), Positive(30, 3), X(31, 3)]);
    }

    [Fact]
    public void Dropout()
    {
        // The mask depends only on the key, so repeated evaluations see the same function.
        GradientCheck.Check(t => F.Dropout(t[0], 0.4f, 1234), [X(32, 5, 8)]);
    }

    [Fact]
    public void GradientsAccumulateAcrossBackwardCalls()
    {
        var x = X(33, 3, 2);
        F.Sum(F.Square(x)).Backward();
        var once = x.Grad!.ToArray();
        F.Sum(F.Square(x)).Backward();
        var twice = x.Grad!.ToArray();
        for (int i = 0; i < once.Length; i++)
            Assert.Equal(2 * once[i], twice[i], 5);
    }

    [Fact]
    public void ATensorUsedTwiceGetsBothContributions()
    {
        var x = X(34, 4);
        var y = F.Sum(x * x + F.Exp(x));
        y.Backward();
        var xs = x.ToArray();
        var g = x.Grad!.ToArray();
        for (int i = 0; i < 4; i++)
            Assert.Equal(2 * xs[i] + MathF.Exp(xs[i]), g[i], 4);
    }

    [Fact]
    public void NoGradModeRecordsNothing()
    {
        var x = X(35, 3);
        using (GradMode.NoGrad())
        {
            var y = F.Relu(x);
            Assert.False(y.RequiresGrad);
            Assert.True(y.IsLeaf);
        }
        Assert.True(F.Relu(x).RequiresGrad);
    }
}
