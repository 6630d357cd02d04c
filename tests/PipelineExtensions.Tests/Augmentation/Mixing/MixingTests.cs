using PipelineExtensions.Augmentation;
using PipelineExtensions.Data;
using PipelineExtensions.Randomness;
using static PipelineExtensions.Tests.Augmentation.AugmentationTestData;

namespace PipelineExtensions.Tests.Augmentation.Mixing;

public class MixingTests
{
    private static readonly PipelineContext Ctx = new(seed: 9);
    private static readonly ImageType Type = new(2, 12, 10);

    /// <summary>Images whose every value is its batch index (so a mixed value tells which images mixed and how).</summary>
    private static float[] ConstantImages(int n)
    {
        var images = new float[n * Type.Size];
        for (int i = 0; i < n; i++)
            images.AsSpan(i * Type.Size, Type.Size).Fill(i);
        return images;
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(1.0)]
    [InlineData(3.0)]
    public void BetaSamplesHaveTheBetaMoments(double alpha)
    {
        var rng = new SeededRandom(3);
        var draws = Enumerable.Range(0, 20000).Select(_ => BetaDistribution.Sample(rng, alpha, alpha)).ToArray();
        Assert.All(draws, v => Assert.InRange(v, 0, 1));
        double variance = 1 / (4 * (2 * alpha + 1));
        double mean = draws.Average();
        Assert.InRange(mean, 0.5 - 5 * Math.Sqrt(variance / draws.Length), 0.5 + 5 * Math.Sqrt(variance / draws.Length));
        double sampleVariance = draws.Average(v => (v - mean) * (v - mean));
        Assert.InRange(sampleVariance, variance * 0.95, variance * 1.05);
    }

    [Fact]
    public void MixupMixesImagesAndLabelsByTheSameLambda()
    {
        const int n = 24, k = 5;
        var pipeline = MakePipeline(Ctx.Augmentation.Mixup(0.4));
        var augmenter = pipeline.CreateBatchAugmenter(Type, classCount: k);
        Assert.True(augmenter.MixesLabels);
        var images = ConstantImages(n);
        var labels = Enumerable.Range(0, n).Select(i => i % k).ToArray();
        var targets = new float[n * k];
        augmenter.Augment(images, labels, Enumerable.Range(0, n).ToArray(), epoch: 1, targets);
        for (int i = 0; i < n; i++)
        {
            int partner = (i - 1 + n) % n;
            var row = targets.AsSpan(i * k, k);
            Assert.Equal(1f, row.ToArray().Sum(), 5);
            float lambda = row[labels[i]];
            Assert.Equal(1 - lambda, row[labels[partner]], 5);
            // Every value is λ·i + (1 − λ)·partner.
            float expected = lambda * i + (1 - lambda) * partner;
            Assert.All(images.AsSpan(i * Type.Size, Type.Size).ToArray(), v => Assert.Equal(expected, v, 3));
        }
    }

    [Fact]
    public void CutMixTargetsMatchThePastedArea()
    {
        const int n = 32, k = 4;
        var augmenter = MakePipeline(Ctx.Augmentation.CutMix()).CreateBatchAugmenter(Type, classCount: k);
        var images = ConstantImages(n);
        var labels = Enumerable.Range(0, n).Select(i => i % k).ToArray();
        var targets = new float[n * k];
        augmenter.Augment(images, labels, Enumerable.Range(0, n).ToArray(), epoch: 0, targets);
        int mixed = 0;
        for (int i = 0; i < n; i++)
        {
            int partner = (i - 1 + n) % n;
            var image = images.AsSpan(i * Type.Size, Type.Size).ToArray();
            int pasted = image.Count(v => v == partner);
            Assert.Equal(image.Length, image.Count(v => v == i) + pasted);
            Assert.Equal(0, pasted % Type.Channels);
            float keptShare = 1f - (float)pasted / image.Length;
            var row = targets.AsSpan(i * k, k).ToArray();
            Assert.Equal(1f, row.Sum(), 5);
            Assert.Equal(keptShare, row[labels[i]], 5);
            Assert.Equal(1 - keptShare, row[labels[partner]], 5);
            mixed += pasted > 0 ? 1 : 0;
        }
        Assert.True(mixed > n / 2);
    }

    [Fact]
    public void MixingIsReproducibleAndIndependentOfThreads()
    {
        const int n = 64, k = 3;
        var pipeline = MakePipeline(Ctx.Augmentation.RandomFlip(), Ctx.Augmentation.Mixup(), Ctx.Augmentation.CutMix());
        var source = Random(n * Type.Size, seed: 12);
        var labels = Enumerable.Range(0, n).Select(i => i % k).ToArray();
        var ids = Enumerable.Range(0, n).ToArray();
        (float[], float[]) Run(int threads, int epoch)
        {
            var images = (float[])source.Clone();
            var targets = new float[n * k];
            pipeline.CreateBatchAugmenter(Type, k, threads).Augment(images, labels, ids, epoch, targets);
            return (images, targets);
        }
        var (a, ta) = Run(1, 0);
        var (b, tb) = Run(2, 0);
        Assert.Equal(a, b);
        Assert.Equal(ta, tb);
        var (c, _) = Run(2, 1);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void OneHotTargetsWithoutMixingAndClearLabelErrors()
    {
        var augmenter = MakePipeline(Ctx.Augmentation.RandomFlip()).CreateBatchAugmenter(Type, classCount: 3);
        var images = new float[2 * Type.Size];
        var targets = new float[6];
        augmenter.Augment(images, [2, 0], [0, 1], 0, targets);
        Assert.Equal(new float[] { 0, 0, 1, 1, 0, 0 }, targets);
        var error = Assert.Throws<ArgumentException>(() => augmenter.Augment(images, [2, 3], [0, 1], 0, targets));
        Assert.Contains("labels[1] = 3", error.Message);
        var mixing = MakePipeline(Ctx.Augmentation.Mixup());
        Assert.Throws<ArgumentException>(() => mixing.CreateBatchAugmenter(Type));
        var noTargets = Assert.Throws<ArgumentException>(() => mixing.CreateBatchAugmenter(Type, 3).Augment(images, [0, 1], [0, 1], 0));
        Assert.Contains("softTargets", noTargets.Message);
    }
}
