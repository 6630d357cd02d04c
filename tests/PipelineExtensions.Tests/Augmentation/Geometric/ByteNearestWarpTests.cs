using CsCheck;
using PipelineExtensions.Augmentation;
using PipelineExtensions.Randomness;
using static PipelineExtensions.Tests.Augmentation.AugmentationTestData;

namespace PipelineExtensions.Tests.Augmentation.Geometric;

/// <summary>
/// The 8-bit nearest kernel against the float resampler (its reference) and against exact index permutations.
/// </summary>
public class ByteNearestWarpTests
{
    private sealed record Case(int C, int H, int W, int OutH, int OutW, Affine2D Map, FillMode Fill, byte FillValue, byte[] Image);

    // Maps on a half-pixel grid hit rounding ties (x.5) on purpose; the others are arbitrary rotations/zooms/shears.
    private static readonly Gen<Affine2D> Maps =
        WarpGens.Maps(gridStep: 0.5);

    private static readonly Gen<Case> Cases =
        from c in Gen.Int[1, 4]
        from h in Gen.Int[1, 23]
        from w in Gen.Int[1, 37]
        from outH in Gen.Int[1, 23]
        from outW in Gen.Int[1, 37]
        from map in Maps
        from fill in Gen.Enum<FillMode>()
        from fillValue in Gen.Byte
        from image in Gen.Byte.Array[c * h * w]
        select new Case(c, h, w, outH, outW, map, fill, fillValue, image);

    /// <summary>The byte kernel: per-pixel (simd false), one gather per channel, or interleaved (scratch given).</summary>
    private static byte[] WarpBytes(Case t, bool simd, bool interleave = false)
    {
        var output = new byte[t.C * t.OutH * t.OutW];
        var scratch = interleave ? new byte[4 * t.H * t.W] : [];
        AffineResampler.WarpNearest(t.Image, t.C, t.H, t.W, output, t.OutH, t.OutW, t.Map, t.Fill, t.FillValue, scratch, simd);
        return output;
    }

    /// <summary>The float resampler on the same values; nearest only copies values, so the result is whole bytes.</summary>
    private static byte[] WarpAsFloats(Case t, bool simd)
    {
        var floats = Warp(t.Image.Select(b => (float)b).ToArray(), t.C, t.H, t.W, t.Map, Interpolation.Nearest, t.Fill, t.FillValue, t.OutH, t.OutW, simd);
        return floats.Select(v => checked((byte)v)).ToArray();
    }

    [Fact]
    public void EqualsTheFloatResamplerOnBothPaths()
    {
        Cases.Sample(t =>
        {
            var expected = WarpAsFloats(t, simd: false);
            Assert.Equal(expected, WarpAsFloats(t, simd: true));
            Assert.Equal(expected, WarpBytes(t, simd: true));
            Assert.Equal(expected, WarpBytes(t, simd: true, interleave: true));
            Assert.Equal(expected, WarpBytes(t, simd: false));
        }, iter: 3000);
    }

    [Theory]
    [InlineData(FillMode.Constant)]
    [InlineData(FillMode.Nearest)]
    [InlineData(FillMode.Reflect)]
    [InlineData(FillMode.Wrap)]
    public void LargeImagesWithTheBenchmarksAffinesEqualTheFloatResampler(FillMode fill)
    {
        // 3×224×224 through sampled RandomAffine + flip maps: long rows take the in-image fast path, borders the folded one.
        var ctx = new PipelineContext(seed: 3);
        var affine = ctx.Augmentation.RandomAffine(degrees: 20, translate: 0.2, scaleMin: 0.8, scaleMax: 1.2, shear: 11);
        var flip = ctx.Augmentation.RandomFlip();
        var rng = new SeededRandom(11);
        var image = new byte[3 * 224 * 224];
        for (int i = 0; i < image.Length; i++)
            image[i] = (byte)rng.NextInt(256);
        for (int k = 0; k < 6; k++)
        {
            var map = Affine2D.Chain(affine.Sample(rng, 224, 224, 224, 224), flip.Sample(rng, 224, 224, 224, 224));
            var t = new Case(3, 224, 224, 224, 224, map, fill, 77, image);
            var expected = WarpAsFloats(t, simd: true);
            Assert.Equal(expected, WarpBytes(t, simd: true));
            Assert.Equal(expected, WarpBytes(t, simd: true, interleave: true));
        }
    }

    /// <summary>C×H×W bytes 0, 1, 2, ... (distinct while C·H·W ≤ 256).</summary>
    private static byte[] ByteRamp(int c, int h, int w) => Enumerable.Range(0, c * h * w).Select(i => (byte)i).ToArray();

    /// <summary>Path 0: per pixel; 1: one gather per channel; 2: interleaved.</summary>
    private static byte[] WarpImage(byte[] image, int c, int h, int w, Affine2D map, FillMode fill, byte fillValue = 0, int path = 2)
    {
        var output = new byte[image.Length];
        var scratch = path == 2 ? new byte[4 * h * w] : [];
        AffineResampler.WarpNearest(image, c, h, w, output, h, w, map, fill, fillValue, scratch, allowSimd: path > 0);
        return output;
    }

    public static TheoryData<FillMode, int> ModesAndPaths()
    {
        var data = new TheoryData<FillMode, int>();
        foreach (var f in Enum.GetValues<FillMode>())
            for (int path = 0; path < 3; path++)
                data.Add(f, path);
        return data;
    }

    [Theory]
    [MemberData(nameof(ModesAndPaths))]
    public void IdentityReturnsTheExactInput(FillMode fill, int path)
    {
        var rng = new SeededRandom(5);
        var image = new byte[3 * 11 * 19];
        for (int i = 0; i < image.Length; i++)
            image[i] = (byte)rng.NextInt(256);
        Assert.Equal(image, WarpImage(image, 3, 11, 19, Affine2D.Identity, fill, 9, path));
    }

    [Theory]
    [MemberData(nameof(ModesAndPaths))]
    public void Rotation180AndFlipsArePermutations(FillMode fill, int path)
    {
        const int c = 3, h = 5, w = 17;
        var image = ByteRamp(c, h, w);
        var turned = WarpImage(image, c, h, w, RandomRotation.Rotation(180, h, w), fill, 200, path);
        var horizontal = WarpImage(image, c, h, w, new Affine2D(-1, 0, w - 1, 0, 1, 0), fill, 200, path);
        var vertical = WarpImage(image, c, h, w, new Affine2D(1, 0, 0, 0, -1, h - 1), fill, 200, path);
        for (int ch = 0; ch < c; ch++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                {
                    int at = (ch * h + y) * w + x;
                    Assert.Equal(image[(ch * h + h - 1 - y) * w + w - 1 - x], turned[at]);
                    Assert.Equal(image[(ch * h + y) * w + w - 1 - x], horizontal[at]);
                    Assert.Equal(image[(ch * h + h - 1 - y) * w + x], vertical[at]);
                }
    }

    [Theory]
    [MemberData(nameof(ModesAndPaths))]
    public void Rotation90IsNumpysRot90(FillMode fill, int path)
    {
        const int n = 13;
        var image = ByteRamp(1, n, n);
        var output = WarpImage(image, 1, n, n, RandomRotation.Rotation(90, n, n), fill, 0, path);
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++)
                Assert.Equal(image[x * n + n - 1 - y], output[y * n + x]);
    }

    // Row a b c d e f g h i j k l (values 0..11) shifted right by 3, per Keras' fill modes (12 wide: one full block of 8 plus a tail).
    [Theory]
    [InlineData(FillMode.Constant, new byte[] { 99, 99, 99, 0, 1, 2, 3, 4, 5, 6, 7, 8 })]
    [InlineData(FillMode.Nearest, new byte[] { 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8 })]
    [InlineData(FillMode.Reflect, new byte[] { 2, 1, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8 })]
    [InlineData(FillMode.Wrap, new byte[] { 9, 10, 11, 0, 1, 2, 3, 4, 5, 6, 7, 8 })]
    public void IntegerShiftRightFollowsTheFillMode(FillMode fill, byte[] expected)
    {
        var row = ByteRamp(1, 1, 12);
        for (int path = 0; path < 3; path++)
        {
            Assert.Equal(expected, WarpImage(row, 1, 1, 12, new Affine2D(1, 0, -3, 0, 1, 0), fill, 99, path));
            // Two channels (the second is the first plus 100) take the interleaved path too.
            var two = row.Concat(row.Select(v => (byte)(v + 100))).ToArray();
            var shifted = WarpImage(two, 2, 1, 12, new Affine2D(1, 0, -3, 0, 1, 0), fill, 99, path);
            Assert.Equal(expected.Concat(expected.Select(v => fill == FillMode.Constant && v == 99 ? v : (byte)(v + 100))), shifted);
        }
    }

    [Fact]
    public void TheLastBytesOfTheImageAreReadExactly()
    {
        // Every output pixel reads the image's very last pixel, whose word would run past the end of the buffer.
        const int c = 2, h = 3, w = 9;
        var image = ByteRamp(c, h, w);
        for (int path = 0; path < 3; path++)
        {
            var output = WarpImage(image, c, h, w, new Affine2D(0, 0, w - 1, 0, 0, h - 1), FillMode.Constant, path: path);
            for (int ch = 0; ch < c; ch++)
                Assert.All(output.AsSpan(ch * h * w, h * w).ToArray(), v => Assert.Equal(image[(ch * h + h - 1) * w + w - 1], v));
        }
    }

    [Fact]
    public void AScratchThatOverlapsTheSourceIsNotUsed()
    {
        // Interleaving into the source's own memory would overwrite pixels before they are read.
        const int c = 3, h = 6, w = 11;
        var buffer = new byte[4 * h * w];
        var image = buffer.AsSpan(0, c * h * w);
        for (int i = 0; i < image.Length; i++)
            image[i] = (byte)(i * 7);
        var map = RandomRotation.Rotation(30, h, w);
        var expected = new byte[c * h * w];
        AffineResampler.WarpNearest(image, c, h, w, expected, h, w, map, FillMode.Reflect, 0);
        var output = new byte[c * h * w];
        AffineResampler.WarpNearest(image, c, h, w, output, h, w, map, FillMode.Reflect, 0, buffer);
        Assert.Equal(expected, output);
    }
}
