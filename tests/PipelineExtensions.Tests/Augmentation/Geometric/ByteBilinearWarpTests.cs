using CsCheck;
using PipelineExtensions.Augmentation;
using static PipelineExtensions.Tests.Augmentation.AugmentationTestData;

namespace PipelineExtensions.Tests.Augmentation.Geometric;

/// <summary>
/// The 8-bit bilinear kernel against its definition: bytes scaled to floats, the float resampler, then scaled back,
/// rounded half to even and saturated.
/// </summary>
public class ByteBilinearWarpTests
{
    private sealed record Case(int C, int H, int W, int OutH, int OutW, Affine2D Map, FillMode Fill, float MaxPixel, float FillValue, byte[] Image);

    private static readonly Gen<Affine2D> Maps =
        WarpGens.Maps(gridStep: 0.25);

    private static readonly Gen<Case> Cases =
        from c in Gen.Int[1, 4]
        from h in Gen.Int[1, 23]
        from w in Gen.Int[1, 37]
        from outH in Gen.Int[1, 23]
        from outW in Gen.Int[1, 37]
        from map in Maps
        from fill in Gen.Enum<FillMode>()
        from maxPixel in Gen.Int[0, 4].Select(i => new[] { 1f, 255f, 3.7f, 0.3f, 1000f }[i])
        from fillFraction in Gen.Float[-0.5f, 1.5f]
        from image in Gen.Byte.Array[c * h * w]
        select new Case(c, h, w, outH, outW, map, fill, maxPixel, fillFraction * maxPixel, image);

    private static byte[] Reference(Case t, bool simd)
    {
        float toFloat = t.MaxPixel / 255f, toByte = 255f / t.MaxPixel;
        var floats = new float[t.Image.Length];
        PixelConversion.BytesToFloats(t.Image, floats, toFloat);
        var warped = Warp(floats, t.C, t.H, t.W, t.Map, Interpolation.Bilinear, t.Fill, t.FillValue, t.OutH, t.OutW, simd);
        var bytes = new byte[warped.Length];
        PixelConversion.FloatsToBytes(warped, bytes, toByte);
        return bytes;
    }

    private static byte[] WarpBytes(Case t)
    {
        var output = new byte[t.C * t.OutH * t.OutW];
        AffineResampler.WarpBilinear(t.Image, t.C, t.H, t.W, output, t.OutH, t.OutW, t.Map, t.Fill, t.FillValue,
            t.MaxPixel / 255f, 255f / t.MaxPixel, new byte[4 * t.H * t.W]);
        return output;
    }

    [Fact]
    public void EqualsTheFloatPathRoundedBack()
    {
        if (!AffineResampler.CanWarpBilinearBytes(3))
            return; // No AVX2: the pipeline keeps the float path, which the resampler tests cover.
        Cases.Sample(t =>
        {
            var expected = Reference(t, simd: false);
            Assert.Equal(expected, Reference(t, simd: true));
            Assert.Equal(expected, WarpBytes(t));
        }, iter: 3000);
    }

    [Theory]
    [InlineData(FillMode.Constant)]
    [InlineData(FillMode.Nearest)]
    [InlineData(FillMode.Reflect)]
    [InlineData(FillMode.Wrap)]
    public void LargeImagesWithTheBenchmarksAffinesEqualTheFloatPath(FillMode fill)
    {
        if (!AffineResampler.CanWarpBilinearBytes(3))
            return; // No AVX2: the pipeline keeps the float path, which the resampler tests cover.
        var ctx = new PipelineContext(seed: 4);
        var affine = ctx.Augmentation.RandomAffine(degrees: 20, translate: 0.2, scaleMin: 0.8, scaleMax: 1.2, shear: 11);
        var flip = ctx.Augmentation.RandomFlip();
        var rng = new Randomness.SeededRandom(12);
        var image = new byte[3 * 224 * 224];
        for (int i = 0; i < image.Length; i++)
            image[i] = (byte)rng.NextInt(256);
        foreach (float maxPixel in new[] { 255f, 1f })
        {
            var map = Affine2D.Chain(affine.Sample(rng, 224, 224, 224, 224), flip.Sample(rng, 224, 224, 224, 224));
            var t = new Case(3, 224, 224, 224, 224, map, fill, maxPixel, 0.4f * maxPixel, image);
            Assert.Equal(Reference(t, simd: true), WarpBytes(t));
        }
    }

    [Theory]
    [InlineData(FillMode.Constant)]
    [InlineData(FillMode.Reflect)]
    public void Rotation180AndFlipsArePermutations(FillMode fill)
    {
        if (!AffineResampler.CanWarpBilinearBytes(3))
            return; // No AVX2: the pipeline keeps the float path, which the resampler tests cover.
        const int c = 3, h = 7, w = 19;
        var image = Enumerable.Range(0, c * h * w).Select(i => (byte)(i * 37)).ToArray();
        foreach (var (map, source) in new (Affine2D, Func<int, int, int, int>)[]
        {
            (RandomRotation.Rotation(180, h, w), (ch, y, x) => (ch * h + h - 1 - y) * w + w - 1 - x),
            (new Affine2D(-1, 0, w - 1, 0, 1, 0), (ch, y, x) => (ch * h + y) * w + w - 1 - x),
            (new Affine2D(1, 0, 0, 0, -1, h - 1), (ch, y, x) => (ch * h + h - 1 - y) * w + x),
        })
        {
            var output = new byte[image.Length];
            AffineResampler.WarpBilinear(image, c, h, w, output, h, w, map, fill, 0, 1, 1, new byte[4 * h * w]);
            for (int ch = 0; ch < c; ch++)
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                        Assert.Equal(image[source(ch, y, x)], output[(ch * h + y) * w + x]);
        }
    }
}
