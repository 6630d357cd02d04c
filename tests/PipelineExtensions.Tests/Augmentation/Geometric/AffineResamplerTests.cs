using PipelineExtensions.Augmentation;
using PipelineExtensions.Randomness;
using static PipelineExtensions.Tests.Augmentation.AugmentationTestData;

namespace PipelineExtensions.Tests.Augmentation.Geometric;

public class AffineResamplerTests
{
    public static TheoryData<Interpolation, FillMode> AllModes()
    {
        var data = new TheoryData<Interpolation, FillMode>();
        foreach (var i in Enum.GetValues<Interpolation>())
            foreach (var f in Enum.GetValues<FillMode>())
                data.Add(i, f);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void IdentityMapReturnsTheExactInput(Interpolation interpolation, FillMode fill)
    {
        var image = Random(3 * 11 * 19, seed: 1);
        Assert.Equal(image, Warp(image, 3, 11, 19, Affine2D.Identity, interpolation, fill, fillValue: 7));
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void Rotation180IsTheReversedIndexPermutation(Interpolation interpolation, FillMode fill)
    {
        const int c = 2, h = 7, w = 12;
        var image = Ramp(c, h, w);
        var output = Warp(image, c, h, w, RandomRotation.Rotation(180, h, w), interpolation, fill, fillValue: -1);
        for (int ch = 0; ch < c; ch++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    Assert.Equal(image[(ch * h + h - 1 - y) * w + w - 1 - x], output[(ch * h + y) * w + x]);
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void Rotation90IsNumpysRot90(Interpolation interpolation, FillMode fill)
    {
        // np.rot90 (counter-clockwise): out[y, x] = in[x, n−1−y].
        const int n = 9;
        var image = Ramp(1, n, n);
        var output = Warp(image, 1, n, n, RandomRotation.Rotation(90, n, n), interpolation, fill, fillValue: -1);
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++)
                Assert.Equal(image[x * n + n - 1 - y], output[y * n + x]);
        var back = Warp(output, 1, n, n, RandomRotation.Rotation(-90, n, n), interpolation, fill);
        Assert.Equal(image, back);
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void FlipsArePermutations(Interpolation interpolation, FillMode fill)
    {
        const int c = 3, h = 5, w = 10;
        var image = Ramp(c, h, w);
        var horizontal = Warp(image, c, h, w, new Affine2D(-1, 0, w - 1, 0, 1, 0), interpolation, fill);
        var vertical = Warp(image, c, h, w, new Affine2D(1, 0, 0, 0, -1, h - 1), interpolation, fill);
        for (int ch = 0; ch < c; ch++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                {
                    Assert.Equal(image[(ch * h + y) * w + w - 1 - x], horizontal[(ch * h + y) * w + x]);
                    Assert.Equal(image[(ch * h + h - 1 - y) * w + x], vertical[(ch * h + y) * w + x]);
                }
    }

    // Row a b c d e f g h i j (values 0..9) shifted right by 3 (output x reads input x − 3), per Keras' fill modes.
    [Theory]
    [InlineData(FillMode.Constant, new float[] { -5, -5, -5, 0, 1, 2, 3, 4, 5, 6 })]
    [InlineData(FillMode.Nearest, new float[] { 0, 0, 0, 0, 1, 2, 3, 4, 5, 6 })]
    [InlineData(FillMode.Reflect, new float[] { 2, 1, 0, 0, 1, 2, 3, 4, 5, 6 })]
    [InlineData(FillMode.Wrap, new float[] { 7, 8, 9, 0, 1, 2, 3, 4, 5, 6 })]
    public void IntegerShiftRightFollowsTheFillMode(FillMode fill, float[] expected)
    {
        var row = Ramp(1, 1, 10);
        foreach (var interpolation in Enum.GetValues<Interpolation>())
            Assert.Equal(expected, Warp(row, 1, 1, 10, Affine2D.Offset(-3, 0), interpolation, fill, fillValue: -5));
    }

    // Shift left by 12 on a row of 10: reflection and wrap go past a whole period.
    [Theory]
    [InlineData(FillMode.Constant, new float[] { -5, -5, -5, -5, -5, -5, -5, -5, -5, -5 })]
    [InlineData(FillMode.Nearest, new float[] { 9, 9, 9, 9, 9, 9, 9, 9, 9, 9 })]
    [InlineData(FillMode.Reflect, new float[] { 7, 6, 5, 4, 3, 2, 1, 0, 0, 1 })]
    [InlineData(FillMode.Wrap, new float[] { 2, 3, 4, 5, 6, 7, 8, 9, 0, 1 })]
    public void LongShiftLeftFollowsTheFillMode(FillMode fill, float[] expected)
    {
        var row = Ramp(1, 1, 10);
        foreach (var interpolation in Enum.GetValues<Interpolation>())
            Assert.Equal(expected, Warp(row, 1, 1, 10, Affine2D.Offset(12, 0), interpolation, fill, fillValue: -5));
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void IntegerVerticalShiftMovesWholeRows(Interpolation interpolation, FillMode fill)
    {
        const int h = 6, w = 9;
        var image = Ramp(2, h, w);
        var output = Warp(image, 2, h, w, Affine2D.Offset(0, 2), interpolation, fill, fillValue: -1);
        for (int c = 0; c < 2; c++)
            for (int y = 0; y < h; y++)
            {
                int source = y + 2;
                for (int x = 0; x < w; x++)
                {
                    float expected = source < h ? image[(c * h + source) * w + x]
                        : fill == FillMode.Constant ? -1
                        : image[(c * h + AffineResampler.MapIndex(source, h, fill)) * w + x];
                    Assert.Equal(expected, output[(c * h + y) * w + x]);
                }
            }
    }

    [Fact]
    public void BilinearMatchesHandComputedValues()
    {
        // 2×2 image [[0, 1], [2, 3]]; output (0,0) reads (0.25, 0.5), output (1,0) reads (1.25, 0.5).
        float[] image = [0, 1, 2, 3];
        var output = Warp(image, 1, 2, 2, Affine2D.Offset(0.25, 0.5), Interpolation.Bilinear, FillMode.Constant, fillValue: 10);
        // (0.75·0.5)·0 + (0.25·0.5)·1 + (0.75·0.5)·2 + (0.25·0.5)·3 = 1.25
        Assert.Equal(1.25f, output[0], 6);
        // (0.75·0.5)·1 + (0.25·0.5)·10 + (0.75·0.5)·3 + (0.25·0.5)·10 = 4.0
        Assert.Equal(4.0f, output[1], 6);
        // Row 1 reads y = 1.5: the lower neighbours are outside → fill 10.
        // (0.75·0.5)·2 + (0.25·0.5)·3 + 0.5·10 = 0.75 + 0.375 + 5 = 6.125
        Assert.Equal(6.125f, output[2], 6);
    }

    [Fact]
    public void BilinearReflectBlendsMirroredNeighbours()
    {
        // Position −1.5 on [a b c d] = [10, 20, 30, 40]: neighbours −2 → index 1 (20) and −1 → index 0 (10), half each.
        float[] row = [10, 20, 30, 40];
        var output = Warp(row, 1, 1, 4, Affine2D.Offset(-1.5, 0), Interpolation.Bilinear, FillMode.Reflect);
        Assert.Equal(15f, output[0], 6);   // x = 0 reads −1.5
        Assert.Equal(10f, output[1], 6);   // x = 1 reads −0.5: neighbours −1 → 10 and 0 → 10
        Assert.Equal(15f, output[2], 6);   // x = 2 reads 0.5
        var wrapped = Warp(row, 1, 1, 4, Affine2D.Offset(-1.5, 0), Interpolation.Bilinear, FillMode.Wrap);
        Assert.Equal(35f, wrapped[0], 6);  // −2 → 30, −1 → 40
        Assert.Equal(25f, wrapped[1], 6);  // −1 → 40, 0 → 10
    }

    [Fact]
    public void NearestRoundsHalfToEven()
    {
        float[] row = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        // Output x reads x + 0.5: 0.5 → 0, 1.5 → 2, 2.5 → 2, 3.5 → 4 ...
        var output = Warp(row, 1, 1, 10, Affine2D.Offset(0.5, 0), Interpolation.Nearest, FillMode.Nearest);
        Assert.Equal(new float[] { 0, 2, 2, 4, 4, 6, 6, 8, 8, 9 }, output);
    }

    [Fact]
    public void SimdAndPerPixelPathsAgreeBitForBit()
    {
        var rng = new SeededRandom(5);
        foreach (var (h, w) in new[] { (8, 8), (13, 29), (28, 28), (5, 40) })
        {
            var image = Random(3 * h * w, seed: h * w);
            for (int trial = 0; trial < 20; trial++)
            {
                var map = RandomAffine.TorchvisionMatrix(rng.NextDouble(-40, 40), rng.NextInt(-4, 5), rng.NextInt(-4, 5),
                    rng.NextDouble(0.7, 1.3), rng.NextDouble(-15, 15), rng.NextDouble(-15, 15), h, w);
                foreach (var interpolation in Enum.GetValues<Interpolation>())
                    foreach (var fill in Enum.GetValues<FillMode>())
                        Assert.Equal(
                            Warp(image, 3, h, w, map, interpolation, fill, 0.25f, simd: false),
                            Warp(image, 3, h, w, map, interpolation, fill, 0.25f, simd: true));
            }
        }
    }

    [Fact]
    public void ChainEqualsApplyingTheMapsInTurn()
    {
        var rng = new SeededRandom(11);
        for (int i = 0; i < 100; i++)
        {
            var a = new Affine2D(rng.NextDouble(-2, 2), rng.NextDouble(-2, 2), rng.NextDouble(-9, 9), rng.NextDouble(-2, 2), rng.NextDouble(-2, 2), rng.NextDouble(-9, 9));
            var b = new Affine2D(rng.NextDouble(-2, 2), rng.NextDouble(-2, 2), rng.NextDouble(-9, 9), rng.NextDouble(-2, 2), rng.NextDouble(-2, 2), rng.NextDouble(-9, 9));
            double x = rng.NextDouble(-20, 20), y = rng.NextDouble(-20, 20);
            var (bx, by) = b.Apply(x, y);
            var (ex, ey) = a.Apply(bx, by);
            var (cx, cy) = Affine2D.Chain(a, b).Apply(x, y);
            Assert.Equal(ex, cx, 9);
            Assert.Equal(ey, cy, 9);
            var (ix, iy) = a.Invert().Apply(ex, ey);
            Assert.Equal(bx, ix, 6);
            Assert.Equal(by, iy, 6);
        }
    }

    [Fact]
    public void OneComposedResampleEqualsTwoResamplesInSequenceOnALinearImage()
    {
        // Bilinear interpolation reproduces a linear image exactly, so where both routes stay inside the image the
        // single composed resample must equal resampling twice.
        const int h = 40, w = 48;
        var image = new float[h * w];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                image[y * w + x] = 0.3f * x + 0.7f * y + 1f;
        var first = RandomAffine.TorchvisionMatrix(8, 1, -1, 1.05, 4, 0, h, w);    // applied first to the image
        var second = RandomAffine.TorchvisionMatrix(-5, 0, 2, 0.95, 0, 3, h, w);   // applied to the result
        var sequential = Warp(Warp(image, 1, h, w, first, Interpolation.Bilinear, FillMode.Constant, -100), 1, h, w,
            second, Interpolation.Bilinear, FillMode.Constant, -100);
        var composed = Warp(image, 1, h, w, Affine2D.Chain(first, second), Interpolation.Bilinear, FillMode.Constant, -100);
        int compared = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                var (mx, my) = second.Apply(x, y);
                var (sx, sy) = first.Apply(mx, my);
                bool inside = mx >= 0 && mx <= w - 1 && my >= 0 && my <= h - 1 && sx >= 0 && sx <= w - 1 && sy >= 0 && sy <= h - 1;
                if (!inside)
                    continue;
                // The intermediate image is only known at integer positions: a neighbour of (mx, my) might be filled.
                if (Math.Floor(mx) + 1 > w - 1 || Math.Floor(my) + 1 > h - 1)
                    continue;
                bool neighboursInside = true;
                foreach (var (nx, ny) in new[] { (Math.Floor(mx), Math.Floor(my)), (Math.Floor(mx) + 1, Math.Floor(my)), (Math.Floor(mx), Math.Floor(my) + 1), (Math.Floor(mx) + 1, Math.Floor(my) + 1) })
                {
                    var (px, py) = first.Apply(nx, ny);
                    neighboursInside &= px >= 0 && px <= w - 1 && py >= 0 && py <= h - 1;
                }
                if (!neighboursInside)
                    continue;
                compared++;
                Assert.Equal(composed[y * w + x], sequential[y * w + x], 1e-3);
                Assert.Equal(0.3 * sx + 0.7 * sy + 1, composed[y * w + x], 1e-3);
            }
        Assert.True(compared > h * w / 2, $"only {compared} pixels compared");
    }

    [Fact]
    public void BadBuffersAreRejectedWithTheirSizes()
    {
        var image = new float[12];
        var error = Assert.Throws<ArgumentException>(() => AffineResampler.Warp(image, 1, 4, 4, new float[16], 4, 4, Affine2D.Identity, Interpolation.Bilinear, FillMode.Constant, 0));
        Assert.Contains("1x4x4", error.Message);
        Assert.Throws<ArgumentException>(() => AffineResampler.Warp(image, 1, 3, 4, image, 3, 4, Affine2D.Identity, Interpolation.Bilinear, FillMode.Constant, 0));
    }
}
