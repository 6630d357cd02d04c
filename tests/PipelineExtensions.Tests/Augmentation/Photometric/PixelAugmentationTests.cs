using PipelineExtensions.Augmentation;
using PipelineExtensions.Data;
using PipelineExtensions.Randomness;
using static PipelineExtensions.Tests.Augmentation.AugmentationTestData;

namespace PipelineExtensions.Tests.Augmentation.Photometric;

public class PixelAugmentationTests
{
    private static readonly PipelineContext Ctx = new(seed: 5);

    private static float[] Augment(AugmentationPipeline pipeline, ImageType type, float[] image, int sampleId = 0, int epoch = 0)
    {
        var output = new float[pipeline.GetOutputType(type).Size];
        pipeline.CreateBatchAugmenter(type).AugmentImage(image, output, sampleId, epoch);
        return output;
    }

    [Fact]
    public void IdentityFactorsLeaveEvenOutOfRangeValuesUntouched()
    {
        var type = new ImageType(3, 6, 6);
        var image = Random(type.Size, 1).Select(v => v * 3 - 1).ToArray(); // values in [−1, 2)
        var pipeline = MakePipeline(
            Ctx.Augmentation.RandomBrightness(0), Ctx.Augmentation.RandomContrast(0), Ctx.Augmentation.RandomSaturation(0),
            Ctx.Augmentation.RandomHue(0), Ctx.Augmentation.GaussianNoise(0),
            Ctx.Augmentation.RandomErasing(0), Ctx.Augmentation.Cutout(new CutoutOptions { Probability = 0 }));
        Assert.Equal(image, Augment(pipeline, type, image));
    }

    [Fact]
    public void BrightnessFactorsAreUniformAndResultsClamped()
    {
        var step = Ctx.Augmentation.RandomBrightness(new RandomBrightnessOptions { MinFactor = 0.5, MaxFactor = 1.5 });
        var rng = new SeededRandom(2);
        var workspace = new AugmentationWorkspace(1f);
        var factors = new List<double>();
        for (int i = 0; i < 2000; i++)
        {
            var image = new float[] { 0.5f, 0.9f };
            step.Apply(image, new ImageShape(1, 1, 2), rng, workspace);
            factors.Add(image[0] / 0.5);
            Assert.InRange(image[1], 0f, 1f);
        }
        Assert.InRange(factors.Min(), 0.5, 0.52);
        Assert.InRange(factors.Max(), 1.48, 1.5);
        Assert.InRange(factors.Average(), 1 - 5 * Math.Sqrt(1.0 / 12 / 2000), 1 + 5 * Math.Sqrt(1.0 / 12 / 2000));
    }

    [Fact]
    public void ColourStepsRejectGreyImagesAtCreation()
    {
        var pipeline = MakePipeline(Ctx.Augmentation.RandomHue(0.1));
        var error = Assert.Throws<ArgumentException>(() => pipeline.CreateBatchAugmenter(new ImageType(1, 28, 28)));
        Assert.Contains("RandomHue", error.Message);
        Assert.Contains("1x28x28", error.Message);
    }

    [Fact]
    public void GaussianNoiseHasTheRequestedMomentsAndIsNormal()
    {
        var type = new ImageType(1, 100, 101); // odd count exercises the unpaired last value
        var zeros = new float[type.Size];
        var noisy = Augment(MakePipeline(Ctx.Augmentation.GaussianNoise(0.3)), type, zeros);
        double mean = noisy.Average(v => (double)v);
        double sd = Math.Sqrt(noisy.Average(v => (double)v * v) - mean * mean);
        Assert.InRange(mean, -5 * 0.3 / 100, 5 * 0.3 / 100);
        Assert.InRange(sd, 0.3 * 0.98, 0.3 * 1.02);
        // Kolmogorov–Smirnov against N(0, 0.3²) at the 0.1 % level.
        var sorted = noisy.Select(v => v / 0.3).Order().ToArray();
        double d = 0;
        for (int i = 0; i < sorted.Length; i++)
        {
            double cdf = 0.5 * (1 + Erf(sorted[i] / Math.Sqrt(2)));
            d = Math.Max(d, Math.Max(cdf - (double)i / sorted.Length, (double)(i + 1) / sorted.Length - cdf));
        }
        Assert.True(d < 1.95 / Math.Sqrt(sorted.Length), $"KS distance {d:F4}");
        var clipped = Augment(MakePipeline(Ctx.Augmentation.GaussianNoise(new GaussianNoiseOptions { StdDev = 0.3, Clip = true })), type, zeros);
        Assert.All(clipped, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void RandomErasingBoxesFollowTorchvisionsRules()
    {
        var step = Ctx.Augmentation.RandomErasing(new RandomErasingOptions { ScaleMin = 0.1, ScaleMax = 0.3, RatioMin = 0.5, RatioMax = 2 });
        var rng = new SeededRandom(4);
        int found = 0;
        for (int i = 0; i < 2000; i++)
        {
            if (step.SampleBox(rng, 32, 40) is not var (top, left, h, w))
                continue;
            found++;
            Assert.True(h < 32 && w < 40 && top >= 0 && left >= 0 && top + h <= 32 && left + w <= 40);
            Assert.InRange(h * (double)w / (32 * 40), 0.1 * 0.85, 0.3 * 1.15);
            Assert.InRange(h / (double)w, 0.5 * 0.8, 2 * 1.25);
        }
        Assert.True(found > 1900);
    }

    [Fact]
    public void ErasingWritesOnlyTheRectangleInEveryChannel()
    {
        var type = new ImageType(2, 16, 16);
        var image = Enumerable.Repeat(0.5f, type.Size).ToArray();
        var output = Augment(MakePipeline(Ctx.Augmentation.RandomErasing(new RandomErasingOptions { Probability = 1, Value = 0.25f })), type, image);
        int erased = output.Count(v => v == 0.25f);
        Assert.True(erased > 0 && erased % 2 == 0);
        Assert.Equal(output.AsSpan(0, 256).ToArray(), output.AsSpan(256, 256).ToArray());
        Assert.All(output, v => Assert.True(v == 0.25f || v == 0.5f));
    }

    [Fact]
    public void CutoutSquaresAreClippedAtTheBorder()
    {
        var step = Ctx.Augmentation.Cutout(new CutoutOptions { Size = 8 });
        var rng = new SeededRandom(6);
        bool sawClipped = false, sawFull = false;
        for (int i = 0; i < 500; i++)
        {
            var (top, left, h, w) = step.SampleBox(rng, 20, 20);
            Assert.InRange(h, 4, 8);
            Assert.InRange(w, 4, 8);
            Assert.True(top >= 0 && left >= 0 && top + h <= 20 && left + w <= 20);
            sawClipped |= h < 8 || w < 8;
            sawFull |= h == 8 && w == 8;
        }
        Assert.True(sawClipped && sawFull);
    }

    // Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7), enough for a KS test.
    private static double Erf(double x)
    {
        double t = 1 / (1 + 0.3275911 * Math.Abs(x));
        double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
        return x >= 0 ? y : -y;
    }
}
