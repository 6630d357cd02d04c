using PipelineExtensions.Randomness;
using PipelineExtensions.Augmentation;
using PipelineExtensions.Data;
using static PipelineExtensions.Tests.Augmentation.AugmentationTestData;

namespace PipelineExtensions.Tests.Augmentation.Online;

public class BatchAugmenterTests
{
    private static readonly PipelineContext Ctx = new(seed: 8);
    private static readonly ImageType Mnist = new(1, 28, 28);

    private static AugmentationPipeline Geometric(int seed = 42) => MakePipeline(
        new AugmentationPipelineOptions { Seed = seed },
        Ctx.Augmentation.RandomFlip(),
        Ctx.Augmentation.RandomRotation(20),
        Ctx.Augmentation.RandomTranslation(0.1, 0.1),
        Ctx.Augmentation.RandomZoom(0.1));

    private static float[] Run(AugmentationPipeline pipeline, float[] images, int[] ids, int epoch, int threads = 2)
    {
        var augmenter = pipeline.CreateBatchAugmenter(Mnist, maxDegreeOfParallelism: threads);
        var output = new float[images.Length];
        augmenter.Augment(images, output, [], ids, epoch);
        return output;
    }

    [Fact]
    public void IdentityParametersReturnTheExactInput()
    {
        var pipeline = MakePipeline(
            Ctx.Augmentation.RandomFlip(new RandomFlipOptions { Probability = 0 }),
            Ctx.Augmentation.RandomRotation(0),
            Ctx.Augmentation.RandomTranslation(0, 0),
            Ctx.Augmentation.RandomZoom(0),
            Ctx.Augmentation.RandomShear(0));
        var images = Random(64 * 784, seed: 1);
        Assert.Equal(images, Run(pipeline, images, Enumerable.Range(0, 64).ToArray(), epoch: 3));
    }

    [Fact]
    public void SameSeedSameOutputAndNewEpochNewOutput()
    {
        var images = Random(64 * 784, seed: 2);
        var ids = Enumerable.Range(0, 64).ToArray();
        var first = Run(Geometric(), images, ids, epoch: 0);
        Assert.Equal(first, Run(Geometric(), images, ids, epoch: 0));
        Assert.NotEqual(first, Run(Geometric(), images, ids, epoch: 1));
        Assert.NotEqual(first, Run(Geometric(seed: 43), images, ids, epoch: 0));
        Assert.NotEqual(images, first);
    }

    [Fact]
    public void ResultsDoNotDependOnBatchCompositionOrThreads()
    {
        const int n = 80;
        var images = Random(n * 784, seed: 3);
        var ids = Enumerable.Range(100, n).ToArray();
        var whole = Run(Geometric(), images, ids, epoch: 5, threads: 2);
        Assert.Equal(whole, Run(Geometric(), images, ids, epoch: 5, threads: 1));

        // The same images in reverse order, split into two batches: each image gets the same augmentation.
        var order = Enumerable.Range(0, n).Reverse().ToArray();
        var shuffled = new float[n * 784];
        for (int i = 0; i < n; i++)
            Array.Copy(images, order[i] * 784, shuffled, i * 784, 784);
        var shuffledIds = order.Select(i => ids[i]).ToArray();
        var augmenter = Geometric().CreateBatchAugmenter(Mnist);
        var result = new float[n * 784];
        augmenter.Augment(shuffled.AsSpan(0, 30 * 784), result.AsSpan(0, 30 * 784), [], shuffledIds.AsSpan(0, 30), 5);
        augmenter.Augment(shuffled.AsSpan(30 * 784), result.AsSpan(30 * 784), [], shuffledIds.AsSpan(30), 5);
        for (int i = 0; i < n; i++)
            Assert.Equal(whole.AsSpan(order[i] * 784, 784).ToArray(), result.AsSpan(i * 784, 784).ToArray());
    }

    [Fact]
    public void InPlaceEqualsOutOfPlaceAndSingleImages()
    {
        const int n = 16;
        var images = Random(n * 784, seed: 4);
        var ids = Enumerable.Range(0, n).ToArray();
        var expected = Run(Geometric(), images, ids, epoch: 2);
        var augmenter = Geometric().CreateBatchAugmenter(Mnist);
        var inPlace = (float[])images.Clone();
        augmenter.Augment(inPlace, [], ids, 2);
        Assert.Equal(expected, inPlace);
        var single = new float[784];
        augmenter.AugmentImage(images.AsSpan(5 * 784, 784), single, sampleId: 5, epoch: 2);
        Assert.Equal(expected.AsSpan(5 * 784, 784).ToArray(), single);
    }

    [Fact]
    public void AugmentRowsEqualsGatheringThenAugmenting()
    {
        const int total = 50, k = 4;
        var all = Random(total * 784, seed: 9);
        int[] rows = [7, 3, 41, 3, 19, 0, 49, 22];
        var labels = rows.Select(r => r % k).ToArray();
        var pipeline = MakePipeline(Ctx.Augmentation.RandomRotation(15), Ctx.Augmentation.Mixup(0.4));
        var gathered = new float[rows.Length * 784];
        for (int i = 0; i < rows.Length; i++)
            Array.Copy(all, rows[i] * 784, gathered, i * 784, 784);
        var expectedTargets = new float[rows.Length * k];
        pipeline.CreateBatchAugmenter(Mnist, k).Augment(gathered, labels, rows, 6, expectedTargets);

        var destination = new float[rows.Length * 784];
        var targets = new float[rows.Length * k];
        var augmenter = pipeline.CreateBatchAugmenter(Mnist, k);
        augmenter.AugmentRows(all, rows, destination, labels, 6, targets);
        Assert.Equal(gathered, destination);
        Assert.Equal(expectedTargets, targets);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => augmenter.AugmentRows(all, [3, 50], new float[2 * 784], [0, 1], 0, new float[2 * k]));
        Assert.Contains("rows[1] = 50", error.Message);
    }

    [Fact]
    public void TheComposedMapIsTheStepsMapsChainedInOrder()
    {
        var rotation = Ctx.Augmentation.RandomRotation(30);
        var zoom = Ctx.Augmentation.RandomZoom(0.2);
        var crop = Ctx.Augmentation.RandomCrop(20, 24, padding: 1);
        var pipeline = MakePipeline(rotation, zoom, crop);
        var plan = new AugmentationPlan(pipeline, new ImageType(1, 28, 30));
        var workspace = new AugmentationWorkspace(1f);
        long seed = pipeline.ImageSeed(4, 17);
        var rng = new SeededRandom(seed);
        var m1 = rotation.Sample(rng, 28, 30, 28, 30);
        var m2 = zoom.Sample(rng, 28, 30, 28, 30);
        var m3 = crop.Sample(rng, 28, 30, 20, 24);
        var expected = Affine2D.Chain(m1, Affine2D.Chain(m2, m3));
        var actual = plan.SampleMap(seed, workspace);
        foreach (var (x, y) in new[] { (0.0, 0.0), (23.0, 19.0), (7.5, 3.25) })
        {
            var (ex, ey) = m1.Apply(m2.Apply(m3.Apply(x, y).X, m3.Apply(x, y).Y).X, m2.Apply(m3.Apply(x, y).X, m3.Apply(x, y).Y).Y);
            Assert.Equal(ex, actual.Apply(x, y).X, 9);
            Assert.Equal(ey, actual.Apply(x, y).Y, 9);
            Assert.Equal(expected.Apply(x, y).X, actual.Apply(x, y).X, 9);
        }
        Assert.Equal(new ImageType(1, 20, 24), pipeline.GetOutputType(new ImageType(1, 28, 30)));
    }

    [Fact]
    public void SizeChangingPipelinesWriteTheirOutputShape()
    {
        var pipeline = MakePipeline(Ctx.Augmentation.RandomResizedCrop(16, 12));
        var augmenter = pipeline.CreateBatchAugmenter(new ImageType(3, 32, 32));
        Assert.Equal(new ImageType(3, 16, 12), augmenter.OutputType);
        var output = new float[4 * 3 * 16 * 12];
        augmenter.Augment(Random(4 * 3 * 32 * 32, 5), output, [], [0, 1, 2, 3], 0);
        Assert.All(output, v => Assert.InRange(v, 0f, 1f));
        var input = new float[4 * 3 * 32 * 32];
        int[] ids = [0, 1, 2, 3];
        var error = Assert.Throws<InvalidOperationException>(() => augmenter.Augment(input.AsSpan(), ReadOnlySpan<int>.Empty, ids, 0));
        Assert.Contains("Image<3x16x12>", error.Message);
    }

    [Fact]
    public void ByteImagesGetTheSameGeometryAsFloatImages()
    {
        var pipeline = MakePipeline(new AugmentationPipelineOptions { Interpolation = Interpolation.Nearest, MaxPixelValue = 255 },
            Ctx.Augmentation.RandomRotation(25), Ctx.Augmentation.RandomFlip());
        var augmenter = pipeline.CreateBatchAugmenter(new ImageType(3, 20, 20));
        var rng = new SeededRandom(6);
        var bytes = new byte[3 * 400];
        for (int i = 0; i < bytes.Length; i++)
            bytes[i] = (byte)rng.NextInt(256);
        var byteOut = new byte[bytes.Length];
        augmenter.AugmentImage(bytes, byteOut, sampleId: 3, epoch: 1);
        var floatOut = new float[bytes.Length];
        augmenter.AugmentImage(bytes.Select(b => (float)b).ToArray(), floatOut, sampleId: 3, epoch: 1);
        Assert.Equal(floatOut.Select(v => (byte)v).ToArray(), byteOut);
    }

    [Fact]
    public void BadBatchesNameTheBufferAndTheSizes()
    {
        var augmenter = Geometric().CreateBatchAugmenter(Mnist);
        var e1 = Assert.Throws<ArgumentException>(() => augmenter.Augment(new float[783], new float[784], [], [0], 0));
        Assert.Contains("images", e1.Message);
        Assert.Contains("784", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => augmenter.Augment(new float[784], new float[784], [0], [0], 0, new float[3]));
        Assert.Contains("classCount", e2.Message);
        var images = new float[2 * 784];
        var e3 = Assert.Throws<ArgumentException>(() => augmenter.Augment(images.AsSpan(0, 784), images.AsSpan(392, 784), [], [0], 0));
        Assert.Contains("overlaps", e3.Message);
    }
}
