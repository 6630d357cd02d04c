using PipelineExtensions.Neural.Losses;
using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Tests.Losses;

public class LossTests
{
    private static readonly int[] Labels = [2, 0, 1, 2, 1];

    private static double[] LogSoftmaxRow(float[] z, int row, int cols)
    {
        double max = double.NegativeInfinity;
        for (int j = 0; j < cols; j++)
            max = Math.Max(max, z[row * cols + j]);
        double s = 0;
        for (int j = 0; j < cols; j++)
            s += Math.Exp(z[row * cols + j] - max);
        var r = new double[cols];
        for (int j = 0; j < cols; j++)
            r[j] = z[row * cols + j] - max - Math.Log(s);
        return r;
    }

    // PyTorch's documented formula, written out independently of the implementation.
    private static double ReferenceCrossEntropy(float[] z, int rows, int cols, int[] labels, float[]? w, double eps, float[]? s)
    {
        double num = 0, den = 0;
        for (int i = 0; i < rows; i++)
        {
            if (labels[i] < 0)
                continue;
            var lp = LogSoftmaxRow(z, i, cols);
            double wy = w?[labels[i]] ?? 1;
            double smooth = 0;
            for (int c = 0; c < cols; c++)
                smooth += (w?[c] ?? 1) * -lp[c];
            double li = (1 - eps) * wy * -lp[labels[i]] + eps / cols * smooth;
            double si = s?[i] ?? 1;
            num += si * li;
            den += si * wy;
        }
        return num / den;
    }

    [Theory]
    [InlineData(false, 0.0, false)]
    [InlineData(true, 0.0, false)]
    [InlineData(false, 0.1, false)]
    [InlineData(true, 0.2, false)]
    [InlineData(true, 0.1, true)]
    public void CrossEntropyMatchesTheWeightedMeanFormula(bool classWeights, double smoothing, bool sampleWeights)
    {
        var z = TestData.Uniform(15, 1, -2, 2);
        float[]? w = classWeights ? [0.2f, 1.5f, 3f] : null;
        float[]? s = sampleWeights ? [1f, 0.5f, 2f, 0f, 1f] : null;
        var loss = new CrossEntropyLoss(w, smoothing).Forward(Tensor.FromArray(z, 5, 3), Labels, s);
        Assert.Equal(ReferenceCrossEntropy(z, 5, 3, Labels, w, smoothing, s), loss.Item(), 5);
    }

    [Fact]
    public void CrossEntropyIgnoresNegativeLabels()
    {
        var z = TestData.Uniform(15, 2, -2, 2);
        int[] labels = [2, -1, 1, -1, 0];
        var loss = new CrossEntropyLoss(labelSmoothing: 0.1).Forward(Tensor.FromArray(z, 5, 3), labels);
        Assert.Equal(ReferenceCrossEntropy(z, 5, 3, labels, null, 0.1, null), loss.Item(), 5);
    }

    [Fact]
    public void SoftTargetsEqualHardLabelsWhenOneHot()
    {
        var z = TestData.Uniform(15, 3, -2, 2);
        var onehot = new float[15];
        for (int i = 0; i < 5; i++)
            onehot[i * 3 + Labels[i]] = 1;
        var ce = new CrossEntropyLoss(labelSmoothing: 0.1);
        var hard = ce.Forward(Tensor.FromArray(z, 5, 3), Labels).Item();
        var soft = ce.Forward(Tensor.FromArray(z, 5, 3), Tensor.FromArray(onehot, 5, 3)).Item();
        Assert.Equal(hard, soft, 5);
    }

    [Fact]
    public void SoftTargetsWithClassWeightsDivideByTheBatch()
    {
        var z = TestData.Uniform(8, 4, -2, 2);
        float[] t = [0.3f, 0.7f, 0.5f, 0.5f, 1f, 0f, 0.1f, 0.9f];
        float[] w = [2f, 0.5f];
        double expected = 0;
        for (int i = 0; i < 4; i++)
        {
            var lp = LogSoftmaxRow(z, i, 2);
            for (int c = 0; c < 2; c++)
                expected -= w[c] * t[i * 2 + c] * lp[c];
        }
        expected /= 4;
        Assert.Equal(expected, new CrossEntropyLoss(w).Forward(Tensor.FromArray(z, 4, 2), Tensor.FromArray(t, 4, 2)).Item(), 5);
    }

    [Fact]
    public void CrossEntropyGradients()
    {
        var z = TestData.Leaf(TestData.Uniform(15, 5, -2, 2), 5, 3);
        var ce = new CrossEntropyLoss([0.5f, 1f, 2f], 0.1);
        float[] s = [1f, 2f, 0.5f, 1f, 1f];
        GradientCheck.Check(t => ce.Forward(t[0], Labels, s), [z]);
        var soft = Tensor.FromArray(TestData.Uniform(15, 6, 0, 1), 5, 3);
        GradientCheck.Check(t => ce.Forward(t[0], soft, s), [z]);
    }

    [Fact]
    public void BceWithLogitsMatchesFormulaWithPositiveWeight()
    {
        var x = TestData.Uniform(8, 7, -3, 3);
        float[] y = [1, 0, 1, 1, 0, 0, 1, 0];
        float[] pw = [2f, 0.5f];
        double expected = 0;
        for (int i = 0; i < 8; i++)
        {
            double sig = 1 / (1 + Math.Exp(-x[i]));
            expected -= pw[i % 2] * y[i] * Math.Log(sig) + (1 - y[i]) * Math.Log(1 - sig);
        }
        expected /= 8;
        var loss = new BceWithLogitsLoss(pw).Forward(Tensor.FromArray(x, 4, 2), Tensor.FromArray(y, 4, 2));
        Assert.Equal(expected, loss.Item(), 5);
        var leaf = TestData.Leaf(x, 4, 2);
        GradientCheck.Check(t => new BceWithLogitsLoss(pw).Forward(t[0], Tensor.FromArray(y, 4, 2), [1f, 2f, 0.5f, 1f]), [leaf]);
    }

    [Fact]
    public void BceWithLogitsIsStableForLargeLogits()
    {
        var loss = new BceWithLogitsLoss().Forward(Tensor.FromArray([100f, -100f], 2), Tensor.FromArray([0f, 1f], 2)).Item();
        Assert.Equal(100.0, loss, 3);
    }

    [Fact]
    public void MseWithAndWithoutSampleWeights()
    {
        var p = TestData.Uniform(6, 8);
        var t = TestData.Uniform(6, 9);
        double plain = 0, weighted = 0;
        float[] s = [1f, 3f, 0f];
        for (int i = 0; i < 6; i++)
        {
            double d = (double)p[i] - t[i];
            plain += d * d / 6;
            weighted += s[i / 2] * d * d / (2 * 4.0);
        }
        var mse = new MseLoss();
        Assert.Equal(plain, mse.Forward(Tensor.FromArray(p, 3, 2), Tensor.FromArray(t, 3, 2)).Item(), 5);
        Assert.Equal(weighted, mse.Forward(Tensor.FromArray(p, 3, 2), Tensor.FromArray(t, 3, 2), s).Item(), 5);
        GradientCheck.Check(x => mse.Forward(x[0], Tensor.FromArray(t, 3, 2), s), [TestData.Leaf(p, 3, 2)]);
    }

    [Fact]
    public void BadInputsAreNamed()
    {
        var z = Tensor.FromArray(new float[6], 2, 3);
        var e1 = Assert.Throws<ArgumentOutOfRangeException>(() => new CrossEntropyLoss().Forward(z, [0, 3]));
        Assert.Contains("row 1", e1.Message);
        var e2 = Assert.Throws<ShapeMismatchException>(() => new CrossEntropyLoss().Forward(z, [0, 1, 2]));
        Assert.Contains("[2, 3]", e2.Message);
        var e3 = Assert.Throws<ShapeMismatchException>(() => new BceWithLogitsLoss().Forward(z, Tensor.FromArray(new float[2], 2)));
        Assert.Contains("[2, 3]", e3.Message);
        Assert.Contains("[2]", e3.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CrossEntropyLoss(labelSmoothing: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CrossEntropyLoss([1f, -1f, 1f]));
    }

    [Fact]
    public void NumericCheckReportsNaNInsteadOfPropagating()
    {
        var z = Tensor.FromArray([0f, float.NaN, 1f, 2f], 2, 2);
        var ok = new CrossEntropyLoss().Forward(z, [0, 1]);
        Assert.True(float.IsNaN(ok.Item()));
        using (NumericCheck.Enable())
        {
            var e = Assert.Throws<NonFiniteValueException>(() => new CrossEntropyLoss().Forward(z, [0, 1]));
            Assert.Equal(1, e.Count);
            Assert.Contains("logits", e.Message);
        }
    }
}
