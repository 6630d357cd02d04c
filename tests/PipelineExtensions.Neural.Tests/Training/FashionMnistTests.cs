using PipelineExtensions.Data;
using PipelineExtensions.Data.Samples;
using PipelineExtensions.Neural.Autograd;
using PipelineExtensions.Neural.Losses;
using PipelineExtensions.Neural.Networks;
using PipelineExtensions.Neural.Optimizers;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Neural.Tests.Training;

/// <summary>An MLP on the embedded Fashion-MNIST subset (2,000 train / 1,000 test images) — seconds, not minutes.</summary>
public class FashionMnistTests
{
    [Fact]
    public void MlpBeats80PercentTestAccuracy()
    {
        var train = SampleData.FashionMnistTrain();
        var test = SampleData.FashionMnistTest();
        var xTrain = train.GetColumn<VectorColumn>("Image").Data.ToArray();
        var yTrain = train.GetColumn<KeyColumn>("Label").Keys.ToArray();
        int n = yTrain.Length, d = 784, batch = 64;

        var net = Architectures.Mlp(d, [256, 128], 10, dropout: 0.2, seed: 7);
        var optimizer = new Adam(net.Parameters(), 1e-3);
        var loss = new CrossEntropyLoss();
        var order = Enumerable.Range(0, n).ToArray();
        var xb = new float[batch * d];
        var yb = new int[batch];
        for (int epoch = 0; epoch < 15; epoch++)
        {
            Shuffle(order, SeededRandom.Derive(7, epoch));
            net.Reseed(SeededRandom.MixSeed(7, epoch));
            for (int start = 0; start + batch <= n; start += batch)
            {
                for (int i = 0; i < batch; i++)
                {
                    int r = order[start + i];
                    xTrain.AsSpan(r * d, d).CopyTo(xb.AsSpan(i * d, d));
                    yb[i] = yTrain[r];
                }
                using var scope = new TensorScope();
                optimizer.ZeroGrad();
                loss.Forward(net.Forward(Tensor.FromArray(xb, batch, d)), yb).Backward();
                optimizer.Step();
            }
        }

        net.Eval();
        var xTest = test.GetColumn<VectorColumn>("Image").Data;
        var yTest = test.GetColumn<KeyColumn>("Label").Keys;
        float[] logits;
        using (GradMode.NoGrad())
            logits = net.Forward(Tensor.FromSpan(xTest, new TensorShape(yTest.Length, d))).ToArray();
        int correct = 0;
        for (int i = 0; i < yTest.Length; i++)
        {
            var row = logits.AsSpan(i * 10, 10);
            if (System.Numerics.Tensors.TensorPrimitives.IndexOfMax(row) == yTest[i])
                correct++;
        }
        double accuracy = correct / (double)yTest.Length;
        Assert.True(accuracy > 0.80, $"test accuracy {accuracy:P1}");
    }

    private static void Shuffle(int[] a, SeededRandom random)
    {
        for (int i = a.Length - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (a[i], a[j]) = (a[j], a[i]);
        }
    }
}
