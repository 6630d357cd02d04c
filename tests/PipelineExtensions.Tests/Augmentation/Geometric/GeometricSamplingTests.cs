using PipelineExtensions.Data;
using PipelineExtensions.Augmentation;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Tests.Augmentation.Geometric;

/// <summary>
/// The parameters each geometric step draws stay in their ranges and are spread as documented (fixed seeds,
/// bounds of several standard errors, so the tests are deterministic and a real bias fails them).
/// </summary>
public class GeometricSamplingTests
{
    private const int Draws = 4000;
    private static readonly PipelineContext Ctx = new(seed: 3);

    /// <summary>Mean of U(a, b) within 5 standard errors, and the draws cover both ends of the range.</summary>
    private static void AssertUniform(IReadOnlyList<double> values, double low, double high)
    {
        Assert.All(values, v => Assert.InRange(v, low - 1e-9, high + 1e-9));
        double mean = values.Average();
        double se = (high - low) / Math.Sqrt(12.0 * values.Count);
        Assert.InRange(mean, (low + high) / 2 - 5 * se, (low + high) / 2 + 5 * se);
        Assert.True(values.Min() < low + 0.02 * (high - low) && values.Max() > high - 0.02 * (high - low), "draws do not cover the range");
        // Kolmogorov–Smirnov against the uniform CDF at the 0.1 % level (critical value 1.95/√n).
        var sorted = values.OrderBy(v => v).ToArray();
        double d = 0;
        for (int i = 0; i < sorted.Length; i++)
        {
            double cdf = (sorted[i] - low) / (high - low);
            d = Math.Max(d, Math.Max(Math.Abs(cdf - (double)i / sorted.Length), Math.Abs(cdf - (double)(i + 1) / sorted.Length)));
        }
        Assert.True(d < 1.95 / Math.Sqrt(sorted.Length), $"KS distance {d:F4} too large");
    }

    private static List<Affine2D> Sample(GeometricAugmentation step, int h, int w, int outH = 0, int outW = 0)
    {
        var rng = new SeededRandom(77);
        var maps = new List<Affine2D>(Draws);
        for (int i = 0; i < Draws; i++)
            maps.Add(step.Sample(rng, h, w, outH == 0 ? h : outH, outW == 0 ? w : outW));
        return maps;
    }

    [Fact]
    public void RotationAnglesAreUniformInTheRangeAndTurnAboutTheCentre()
    {
        var maps = Sample(Ctx.Augmentation.RandomRotation(new RandomRotationOptions { MinDegrees = -30, MaxDegrees = 10 }), 20, 30);
        AssertUniform(maps.Select(m => Math.Atan2(m.D, m.A) * 180 / Math.PI).ToList(), -30, 10);
        foreach (var m in maps)
        {
            var (cx, cy) = m.Apply(14.5, 9.5);
            Assert.Equal(14.5, cx, 9);
            Assert.Equal(9.5, cy, 9);
        }
    }

    [Fact]
    public void TranslationsAreUniformFractionsOfTheSize()
    {
        var maps = Sample(Ctx.Augmentation.RandomTranslation(new RandomTranslationOptions
        {
            HeightFactorLow = -0.2, HeightFactorHigh = 0.1, WidthFactorLow = 0, WidthFactorHigh = 0.3,
        }), 20, 50);
        AssertUniform(maps.Select(m => -m.F / 20).ToList(), -0.2, 0.1);
        AssertUniform(maps.Select(m => -m.C / 50).ToList(), 0, 0.3);
        Assert.All(maps, m => Assert.True(m.A == 1 && m.E == 1 && m.B == 0 && m.D == 0));
    }

    [Fact]
    public void UniformZoomKeepsTheAspectRatioAndPerAxisZoomDoesNot()
    {
        var uniform = Sample(Ctx.Augmentation.RandomZoom(0.25), 16, 16);
        Assert.All(uniform, m => Assert.Equal(m.A, m.E));
        AssertUniform(uniform.Select(m => m.A - 1).ToList(), -0.25, 0.25);
        var perAxis = Sample(Ctx.Augmentation.RandomZoom(new RandomZoomOptions
        {
            HeightFactorLow = -0.3, HeightFactorHigh = -0.1, WidthFactorLow = 0.1, WidthFactorHigh = 0.4,
        }), 16, 16);
        AssertUniform(perAxis.Select(m => m.E - 1).ToList(), -0.3, -0.1);
        AssertUniform(perAxis.Select(m => m.A - 1).ToList(), 0.1, 0.4);
    }

    [Fact]
    public void ShearAnglesAreUniformPerAxis()
    {
        var maps = Sample(Ctx.Augmentation.RandomShear(new RandomShearOptions { MinDegreesX = -20, MaxDegreesX = 5, MinDegreesY = 2, MaxDegreesY = 12 }), 16, 16);
        // Inverse map [[1 + tx·ty, tx], [ty, 1]]: B = tan φx, D = tan φy.
        AssertUniform(maps.Select(m => Math.Atan(m.B) * 180 / Math.PI).ToList(), -20, 5);
        AssertUniform(maps.Select(m => Math.Atan(m.D) * 180 / Math.PI).ToList(), 2, 12);
        Assert.All(maps, m => Assert.Equal(1, m.A * m.E - m.B * m.D, 9)); // shears keep areas
    }

    [Theory]
    [InlineData(FlipMode.Horizontal, 0.5)]
    [InlineData(FlipMode.Vertical, 0.3)]
    [InlineData(FlipMode.HorizontalAndVertical, 0.5)]
    public void FlipsHappenWithTheirProbability(FlipMode mode, double p)
    {
        var maps = Sample(Ctx.Augmentation.RandomFlip(new RandomFlipOptions { Mode = mode, Probability = p }), 8, 8);
        double bound = 5 * Math.Sqrt(p * (1 - p) / Draws);
        double horizontal = maps.Count(m => m.A == -1) / (double)Draws;
        double vertical = maps.Count(m => m.E == -1) / (double)Draws;
        Assert.InRange(horizontal, mode == FlipMode.Vertical ? 0 : p - bound, mode == FlipMode.Vertical ? 0 : p + bound);
        Assert.InRange(vertical, mode == FlipMode.Horizontal ? 0 : p - bound, mode == FlipMode.Horizontal ? 0 : p + bound);
        if (mode == FlipMode.HorizontalAndVertical)
        {
            double both = maps.Count(m => m.A == -1 && m.E == -1) / (double)Draws;
            Assert.InRange(both, p * p - bound, p * p + bound); // independent axes
        }
    }

    [Fact]
    public void CropOffsetsCoverEveryPositionOfThePaddedImage()
    {
        var maps = Sample(Ctx.Augmentation.RandomCrop(10, 12, padding: 2), 14, 16, 10, 12);
        var lefts = maps.Select(m => (int)m.C).ToArray();
        var tops = maps.Select(m => (int)m.F).ToArray();
        Assert.Equal(Enumerable.Range(-2, 16 + 4 - 12 + 1), lefts.Distinct().Order());
        Assert.Equal(Enumerable.Range(-2, 14 + 4 - 10 + 1), tops.Distinct().Order());
    }

    [Fact]
    public void ResizedCropBoxesStayInsideWithAreaAndRatioInRange()
    {
        var step = Ctx.Augmentation.RandomResizedCrop(new RandomResizedCropOptions { Height = 8, Width = 8, ScaleMin = 0.2, ScaleMax = 0.6, RatioMin = 0.5, RatioMax = 2 });
        var rng = new SeededRandom(9);
        for (int i = 0; i < Draws; i++)
        {
            var (top, left, h, w) = step.SampleBox(rng, 60, 80);
            Assert.InRange(top, 0, 60 - h);
            Assert.InRange(left, 0, 80 - w);
            // Rounding h and w to whole pixels moves area and ratio a little off the drawn values.
            Assert.InRange(h * (double)w / (60 * 80), 0.2 * 0.9, 0.6 * 1.1);
            Assert.InRange(w / (double)h, 0.5 * 0.9, 2 * 1.1);
        }
    }

    [Fact]
    public void ResizedCropFallsBackToTheCentreWhenNothingFits()
    {
        // Ratio range far from the 1:4 image: no try fits, torchvision's fallback crops the centre.
        var step = Ctx.Augmentation.RandomResizedCrop(new RandomResizedCropOptions { Height = 4, Width = 4, ScaleMin = 0.9, ScaleMax = 1, RatioMin = 2, RatioMax = 3 });
        var (top, left, h, w) = step.SampleBox(new SeededRandom(1), 40, 10);
        Assert.Equal((17, 0, 5, 10), (top, left, h, w)); // h = round(10 / 2), top = (40 − 5) // 2
    }

    [Fact]
    public void ResizeAlignsPixelCentres()
    {
        // 4 → 2 pixels: output 0 reads input 0.5, output 1 reads 2.5 (torchvision/Keras half-pixel alignment).
        var map = Resize.BoxMap(0, 0, 4, 4, 2, 2);
        Assert.Equal((0.5, 0.5), map.Apply(0, 0));
        Assert.Equal((2.5, 2.5), map.Apply(1, 1));
    }

    [Fact]
    public void BadOptionsNameTheParameterAndTheRange()
    {
        var e1 = Assert.Throws<ArgumentOutOfRangeException>(() => Ctx.Augmentation.RandomRotation(400));
        Assert.Contains("MinDegrees", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => Ctx.Augmentation.RandomTranslation(new RandomTranslationOptions { WidthFactorLow = 0.3, WidthFactorHigh = 0.1 }));
        Assert.Contains("WidthFactorLow", e2.Message);
        var e3 = Assert.Throws<ArgumentOutOfRangeException>(() => Ctx.Augmentation.RandomFlip(new RandomFlipOptions { Probability = 1.5 }));
        Assert.Contains("Probability", e3.Message);
        Assert.Throws<ArgumentException>(() => Ctx.Augmentation.RandomZoom(new RandomZoomOptions { WidthFactorLow = 0.1 }));
        var e4 = Assert.Throws<ArgumentOutOfRangeException>(() => Ctx.Augmentation.RandomCrop(0, 4));
        Assert.Contains("Height", e4.Message);
        var crop = Assert.Throws<ArgumentException>(() => Ctx.Augmentation.Compose(Ctx.Augmentation.RandomCrop(40, 40)).GetOutputType(new ImageType(1, 28, 28)));
        Assert.Contains("40x40", crop.Message);
        Assert.Contains("28x28", crop.Message);
    }
}
