using PipelineExtensions.Augmentation;
using PipelineExtensions.Data;
using PipelineExtensions.Randomness;
using static PipelineExtensions.Tests.Augmentation.AugmentationTestData;

namespace PipelineExtensions.Tests.Augmentation.Online;

/// <summary>
/// 8-bit batches (which take the direct byte kernel for nearest, geometry-only pipelines) against the documented
/// meaning: scale the bytes to [0, MaxPixelValue], augment as floats, round half to even and saturate back.
/// </summary>
public class ByteAugmentationTests
{
    private static readonly PipelineContext Ctx = new(seed: 8);

    public static TheoryData<FillMode, float, float, Interpolation, bool> Settings()
    {
        var data = new TheoryData<FillMode, float, float, Interpolation, bool>();
        foreach (var fill in Enum.GetValues<FillMode>())
        {
            // MaxPixelValue, FillValue: the fill 0.5 of [0, 1] is 127.5 bytes, a rounding tie (to 128); 300 saturates.
            data.Add(fill, 1f, 0.5f, Interpolation.Nearest, false);
            data.Add(fill, 255f, 300f, Interpolation.Nearest, false);
            data.Add(fill, 3.7f, 1.1f, Interpolation.Nearest, true);
            data.Add(fill, 255f, 17f, Interpolation.Bilinear, false);
            data.Add(fill, 1f, 0.3f, Interpolation.Bilinear, true);
        }
        data.Add(FillMode.Constant, 1f, 0.25f, Interpolation.Nearest, true);
        return data;
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void BytesEqualTheFloatPathRoundedBack(FillMode fill, float maxPixel, float fillValue, Interpolation interpolation, bool crop)
    {
        var steps = new List<ImageAugmentation>
        {
            Ctx.Augmentation.RandomAffine(degrees: 20, translate: 0.2, scaleMin: 0.8, scaleMax: 1.2, shear: 11),
            Ctx.Augmentation.RandomFlip(),
        };
        if (crop)
            steps.Add(Ctx.Augmentation.RandomCrop(17, 29));
        var pipeline = MakePipeline(new AugmentationPipelineOptions { FillMode = fill, FillValue = fillValue, MaxPixelValue = maxPixel, Interpolation = interpolation },
            steps.ToArray());
        var type = new ImageType(3, 21, 35);
        var augmenter = pipeline.CreateBatchAugmenter(type, maxDegreeOfParallelism: 2);
        int n = 40, inSize = type.Size, outSize = augmenter.OutputType.Size;
        var rng = new SeededRandom(21);
        var bytes = new byte[n * inSize];
        for (int i = 0; i < bytes.Length; i++)
            bytes[i] = (byte)rng.NextInt(256);
        var ids = Enumerable.Range(100, n).ToArray();
        var output = new byte[n * outSize];
        augmenter.Augment(bytes, output, ids, epoch: 2);

        float toFloat = maxPixel / 255f, toByte = 255f / maxPixel;
        var floats = bytes.Select(b => b * toFloat).ToArray();
        var floatOut = new float[n * outSize];
        augmenter.Augment(floats, floatOut, [], ids, epoch: 2);
        var expected = floatOut.Select(v => (byte)Math.Clamp(MathF.Round(v * toByte, MidpointRounding.ToEven), 0f, 255f)).ToArray();
        Assert.Equal(expected, output);
        if (fill == FillMode.Constant && interpolation == Interpolation.Nearest)
            Assert.Contains(fillValue * toByte > 255 ? (byte)255 : (byte)MathF.Round(fillValue * toByte), output);
    }

    [Fact]
    public void IdentityPipelinesReturnTheExactBytes()
    {
        var pipeline = MakePipeline(new AugmentationPipelineOptions { Interpolation = Interpolation.Nearest }, Ctx.Augmentation.RandomRotation(0));
        var augmenter = pipeline.CreateBatchAugmenter(new ImageType(3, 9, 10));
        var image = Enumerable.Range(0, 270).Select(i => (byte)(i * 7)).ToArray();
        var output = new byte[image.Length];
        augmenter.AugmentImage(image, output, sampleId: 1, epoch: 0);
        Assert.Equal(image, output);
    }
}
