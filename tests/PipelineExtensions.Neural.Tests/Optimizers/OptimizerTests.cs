using PipelineExtensions.Neural.Autograd;
using PipelineExtensions.Neural.Layers;
using PipelineExtensions.Neural.Optimizers;
using PipelineExtensions.Neural.Parameters;
using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Tests.Optimizers;

/// <summary>
/// Each optimizer against an independent double-precision transcription of PyTorch's documented update rule,
/// over several steps with gradients that change every step (gradient of Σ cₜ·θ + ½Σθ² is cₜ + θ).
/// </summary>
public class OptimizerTests
{
    private const int Steps = 6;

    private static Parameter Param(out double[] start) => Param(out start, out _);

    private static Parameter Param(out double[] start, out Dense layer)
    {
        layer = new Dense(3, 2, seed: 42);
        start = layer.Weight.Value.ToArray().Select(v => (double)v).ToArray();
        return layer.Weight;
    }

    private static float[] C(int step) => TestData.Uniform(6, 100 + step, -1, 1);

    private static void Run(Optimizer opt, Parameter p, Action<double[], double[], int> reference, double[] theta, double tolerance = 2e-6)
    {
        for (int t = 1; t <= Steps; t++)
        {
            opt.ZeroGrad();
            var loss = Functional.Sum(p.Value * Tensor.FromArray(C(t), 2, 3)) + Functional.SumOfSquares(p.Value) * 0.5f;
            loss.Backward();
            var g = C(t).Select((c, i) => c + theta[i]).ToArray();
            opt.Step();
            reference(theta, g, t);
            var actual = p.Value.ToArray();
            for (int i = 0; i < theta.Length; i++)
                Assert.True(Math.Abs(actual[i] - theta[i]) <= tolerance * Math.Max(1, Math.Abs(theta[i])), $"step {t} element {i}: {actual[i]} vs {theta[i]}");
        }
    }

    [Theory]
    [InlineData(0.0, 0.0, 0.0, false)]
    [InlineData(0.9, 0.0, 0.0, false)]
    [InlineData(0.9, 0.0, 0.01, true)]
    [InlineData(0.8, 0.3, 0.05, false)]
    public void SgdFollowsPyTorchRule(double momentum, double dampening, double wd, bool nesterov)
    {
        var p = Param(out var theta);
        var buf = new double[theta.Length];
        double lr = 0.1;
        Run(new Sgd([p], lr, momentum, dampening, wd, nesterov), p, (th, g, t) =>
        {
            for (int i = 0; i < th.Length; i++)
            {
                double d = g[i] + wd * th[i];
                if (momentum != 0)
                {
                    buf[i] = t == 1 ? d : momentum * buf[i] + (1 - dampening) * d;
                    d = nesterov ? d + momentum * buf[i] : buf[i];
                }
                th[i] -= lr * d;
            }
        }, theta);
    }

    [Theory]
    [InlineData(false, 0.0, false)]
    [InlineData(true, 0.0, false)]
    [InlineData(false, 0.1, false)]
    [InlineData(false, 0.1, true)]
    [InlineData(true, 0.05, true)]
    public void AdamAndAdamWFollowPyTorchRules(bool amsgrad, double wd, bool decoupled)
    {
        var p = Param(out var theta);
        double lr = 0.05, b1 = 0.9, b2 = 0.99, eps = 1e-8;
        var m = new double[theta.Length];
        var v = new double[theta.Length];
        var vmax = new double[theta.Length];
        Optimizer opt = decoupled ? new AdamW([p], lr, b1, b2, eps, wd, amsgrad) : new Adam([p], lr, b1, b2, eps, wd, amsgrad);
        Run(opt, p, (th, g, t) =>
        {
            for (int i = 0; i < th.Length; i++)
            {
                double gi = g[i];
                if (decoupled)
                    th[i] *= 1 - lr * wd;
                else
                    gi += wd * th[i];
                m[i] = b1 * m[i] + (1 - b1) * gi;
                v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                vmax[i] = Math.Max(vmax[i], v[i]);
                double denom = Math.Sqrt(amsgrad ? vmax[i] : v[i]) / Math.Sqrt(1 - Math.Pow(b2, t)) + eps;
                th[i] -= lr / (1 - Math.Pow(b1, t)) * m[i] / denom;
            }
        }, theta, tolerance: 1e-5);
    }

    [Theory]
    [InlineData(false, 0.0, 0.0)]
    [InlineData(true, 0.0, 0.0)]
    [InlineData(false, 0.9, 0.01)]
    [InlineData(true, 0.5, 0.0)]
    public void RmsPropFollowsPyTorchRule(bool centered, double momentum, double wd)
    {
        var p = Param(out var theta);
        double lr = 0.01, alpha = 0.9, eps = 1e-8;
        var sq = new double[theta.Length];
        var ga = new double[theta.Length];
        var buf = new double[theta.Length];
        Run(new RmsProp([p], lr, alpha, eps, wd, momentum, centered), p, (th, g, t) =>
        {
            for (int i = 0; i < th.Length; i++)
            {
                double gi = g[i] + wd * th[i];
                sq[i] = alpha * sq[i] + (1 - alpha) * gi * gi;
                double avg;
                if (centered)
                {
                    ga[i] = alpha * ga[i] + (1 - alpha) * gi;
                    avg = Math.Sqrt(sq[i] - ga[i] * ga[i]) + eps;
                }
                else
                {
                    avg = Math.Sqrt(sq[i]) + eps;
                }
                if (momentum > 0)
                {
                    buf[i] = momentum * buf[i] + gi / avg;
                    th[i] -= lr * buf[i];
                }
                else
                {
                    th[i] -= lr * gi / avg;
                }
            }
        }, theta, tolerance: 1e-5);
    }

    [Fact]
    public void LearningRateIsReadableAndSettableBetweenSteps()
    {
        var p = Param(out var theta);
        var opt = new Sgd([p], 0.1);
        Assert.Equal(0.1, opt.LearningRate);
        opt.LearningRate = 0.0;
        Functional.Sum(p.Value).Backward();
        opt.Step();
        Assert.Equal(theta.Select(v => (float)v), p.Value.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => opt.LearningRate = -1);
    }

    [Fact]
    public void CapturedStateRestoresTheExactTrajectory()
    {
        var p = Param(out _, out var layer);
        var opt = new Adam([p], 0.05, amsgrad: true);
        void Step(int t)
        {
            opt.ZeroGrad();
            Functional.Sum(p.Value * Tensor.FromArray(C(t), 2, 3)).Backward();
            opt.Step();
        }
        Step(1);
        Step(2);
        var weights = ParameterSnapshot.Capture(layer);
        var state = opt.CaptureState();
        Step(3);
        Step(4);
        var expected = p.Value.ToArray();
        weights.RestoreTo(layer);
        opt.RestoreState(state);
        Step(3);
        Step(4);
        Assert.Equal(expected, p.Value.ToArray());
        Assert.Equal(4, opt.StepCount);
    }

    [Fact]
    public void ClipByNormScalesLikePyTorch()
    {
        var a = new Dense(2, 2, seed: 1);
        (Functional.Sum(a.Weight.Value * Tensor.FromArray([3f, 0f, 0f, 0f], 2, 2)) + Functional.Sum(a.Bias!.Value * Tensor.FromArray([0f, 4f], 2))).Backward();
        double norm = GradientClipping.ClipByNorm(a.Parameters(), 1.0);
        Assert.Equal(5.0, norm, 5);
        Assert.Equal(3f / (5f + 1e-6f), a.Weight.Grad!.ToArray()[0], 5);
        Assert.Equal(4f / (5f + 1e-6f), a.Bias.Grad!.ToArray()[1], 5);
        GradientClipping.ClipByValue(a.Parameters(), 0.5);
        Assert.Equal(0.5f, a.Bias.Grad!.ToArray()[1]);
        Assert.Equal(0.5f, a.Weight.Grad!.ToArray()[0]);
    }

    [Fact]
    public void InvalidSettingsAreRejectedWithTheirName()
    {
        var p = Param(out _);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([p], beta1: 1.5));
        Assert.Contains("beta1", e.Message);
        Assert.Throws<ArgumentException>(() => new Sgd([p], nesterov: true));
    }
}
