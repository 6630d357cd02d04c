using PipelineExtensions.Augmentation;
using PipelineExtensions.Data;
using PipelineExtensions.Sampling;
using static PipelineExtensions.Tests.Augmentation.AugmentationTestData;

namespace PipelineExtensions.Tests.Augmentation.Offline;

public class OfflineAugmentationTests
{
    private static readonly PipelineContext Ctx = new(seed: 21);
    private static readonly ImageType Type = new(1, 10, 10);

    private static DataTable Table(int[] labels, bool withFlag = false)
    {
        var columns = new List<DataColumn>
        {
            new VectorColumn("Image", Type, Random(labels.Length * Type.Size, seed: labels.Length)),
            new KeyColumn("Label", new KeyType(["a", "b", "c"]), labels),
            new ScalarColumn<int>("Id", Enumerable.Range(0, labels.Length).ToArray()),
        };
        if (withFlag)
            columns.Add(new ScalarColumn<bool>("IsSynthetic", new bool[labels.Length]));
        return new DataTable(columns);
    }

    // A rotation of at least 10° always changes a random image.
    private static AugmentationPipeline Rotate() =>
        MakePipeline(Ctx.Augmentation.RandomRotation(new RandomRotationOptions { MinDegrees = 10, MaxDegrees = 30 }));

    [Fact]
    public void AppendsCopiesAfterTheOriginalsWithTheirOtherColumns()
    {
        var input = Table([0, 1, 2, 1, 0], withFlag: true);
        var step = Ctx.Augmentation.AugmentImages(Rotate(), new OfflineAugmentationOptions { ImageColumnName = "Image", Copies = 2, SyntheticColumnName = "IsSynthetic" });
        var result = step.AugmentRows(input);
        Assert.Equal(15, result.Table.RowCount);
        Assert.True(result.Table.Schema.SameAs(input.Schema));
        var images = result.Table.GetColumn<VectorColumn>("Image");
        var original = input.GetColumn<VectorColumn>("Image");
        Assert.Equal(original.Data.ToArray(), images.Data[..(5 * 100)].ToArray());
        Assert.Equal(new[] { 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4 }, result.SourceRows.ToArray());
        Assert.Equal(new[] { 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4 }, result.Table.GetColumn<ScalarColumn<int>>("Id").Values.ToArray());
        Assert.Equal(new[] { 0, 1, 2, 1, 0, 0, 1, 2, 1, 0, 0, 1, 2, 1, 0 }, result.Table.GetColumn<KeyColumn>("Label").Keys.ToArray());
        Assert.Equal(result.SyntheticMask(), result.Table.GetColumn<ScalarColumn<bool>>("IsSynthetic").Values.ToArray());
        Assert.Equal(10, result.SyntheticCount);
        for (int r = 5; r < 15; r++)
            Assert.False(images.Row(r).SequenceEqual(original.Row(result.SourceRows[r])));
        // The two copies of a row differ from each other.
        Assert.False(images.Row(5).SequenceEqual(images.Row(10)));
        // Same seed, same result; the train-only entry point gives the same table.
        Assert.Equal(images.Data.ToArray(), step.ApplyForTraining(input).GetColumn<VectorColumn>("Image").Data.ToArray());
    }

    [Fact]
    public void CopiesOnlyTheChosenClasses()
    {
        var input = Table([0, 1, 2, 1, 0, 1]);
        var step = Ctx.Augmentation.AugmentImages(Rotate(), new OfflineAugmentationOptions
        {
            ImageColumnName = "Image", Copies = 3, LabelColumnName = "Label", Classes = ["b"],
        });
        var output = step.ApplyForTraining(input);
        Assert.Equal(6 + 3 * 3, output.RowCount);
        // a: 2, b: 3 + 3 rows × 3 copies, c: 1
        Assert.Equal(new[] { 2, 12, 1 }, output.GetColumn<KeyColumn>("Label").CountPerClass());
    }

    [Fact]
    public void AugmentedOverSamplingTurnsDuplicatesIntoVariants()
    {
        var input = Table([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2]);
        var oversampled = Ctx.Sampling.RandomOverSampler("Image", "Label").ApplyForTraining(input);
        var counts = oversampled.GetColumn<KeyColumn>("Label").CountPerClass();
        Assert.Equal(new[] { 8, 8, 8 }, counts);
        var step = Ctx.Augmentation.AugmentImages(Rotate(), new OfflineAugmentationOptions { ImageColumnName = "Image", Mode = OfflineAugmentationMode.AugmentDuplicates });
        var result = step.AugmentRows(oversampled);
        Assert.Equal(oversampled.RowCount, result.Table.RowCount);
        Assert.Equal(counts, result.Table.GetColumn<KeyColumn>("Label").CountPerClass());
        Assert.Equal(24 - 11, result.SyntheticCount);
        // No image repeats any more, and originals are untouched.
        var images = result.Table.GetColumn<VectorColumn>("Image");
        for (int i = 0; i < images.Length; i++)
            for (int j = 0; j < i; j++)
                Assert.False(images.Row(i).SequenceEqual(images.Row(j)), $"rows {j} and {i} are identical");
        for (int i = 0; i < 11; i++)
            Assert.True(images.Row(i).SequenceEqual(input.GetColumn<VectorColumn>("Image").Row(i)));
        Assert.All(Enumerable.Range(0, images.Length).Where(i => result.Origins[i] == RowOrigin.Synthetic),
            i => Assert.Equal(oversampled.GetColumn<ScalarColumn<int>>("Id")[i], result.SourceRows[i]));
    }

    [Fact]
    public void RefusesWhatATrainOnlyStepCannotDo()
    {
        var input = Table([0, 1]);
        var resize = Ctx.Augmentation.AugmentImages("Image", MakePipeline(Ctx.Augmentation.Resize(5, 5)));
        var e1 = Assert.Throws<ArgumentException>(() => resize.GetOutputSchema(input.Schema));
        Assert.Contains("Image<1x5x5>", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => Ctx.Augmentation.AugmentImages("Image", MakePipeline(Ctx.Augmentation.Mixup())));
        Assert.Contains("online", e2.Message);
        var unknown = Ctx.Augmentation.AugmentImages(Rotate(), new OfflineAugmentationOptions { ImageColumnName = "Image", LabelColumnName = "Label", Classes = ["z"] });
        Assert.Contains("'z'", Assert.Throws<ArgumentException>(() => unknown.ApplyForTraining(input)).Message);
        var flag = Ctx.Augmentation.AugmentImages(Rotate(), new OfflineAugmentationOptions { ImageColumnName = "Image", SyntheticColumnName = "Missing" });
        Assert.Throws<SchemaMismatchException>(() => flag.ApplyForTraining(input));
        Assert.Throws<ArgumentException>(() => Ctx.Augmentation.AugmentImages(Rotate(), new OfflineAugmentationOptions { ImageColumnName = "Image", Classes = ["a"] }));
    }
}
