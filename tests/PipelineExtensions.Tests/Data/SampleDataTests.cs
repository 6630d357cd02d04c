using PipelineExtensions.Data;
using PipelineExtensions.Data.Idx;
using PipelineExtensions.Data.Samples;

namespace PipelineExtensions.Tests.Data;

public class SampleDataTests
{
    [Fact]
    public void Fashion_mnist_train_is_class_balanced_with_real_class_names()
    {
        var train = SampleData.FashionMnistTrain();
        Assert.Equal(2000, train.RowCount);
        Assert.Equal(ColumnType.Image(1, 28, 28), train.Schema["Image"].Type);
        var label = train.GetColumn<KeyColumn>("Label");
        Assert.Equal(SampleData.FashionMnistClassNames, label.KeyType.ClassNames);
        Assert.All(label.CountPerClass(), c => Assert.Equal(200, c));
        var pixels = train.GetColumn<VectorColumn>("Image").Data;
        Assert.True(pixels.ToArray().All(p => p is >= 0f and <= 1f));
        Assert.Contains(1f, pixels.ToArray());
    }

    [Fact]
    public void Fashion_mnist_test_is_class_balanced_and_unscaled_on_request()
    {
        var test = SampleData.FashionMnistTest(PixelScaling.None);
        Assert.Equal(1000, test.RowCount);
        Assert.All(test.GetColumn<KeyColumn>("Label").CountPerClass(), c => Assert.Equal(100, c));
        var raw = test.GetColumn<VectorColumn>("Image").Data.ToArray();
        var scaled = SampleData.FashionMnistTest().GetColumn<VectorColumn>("Image").Data.ToArray();
        Assert.Equal(255f, raw.Max());
        Assert.True(raw.All(p => p == MathF.Round(p)));
        for (int i = 0; i < raw.Length; i += 97)
            Assert.Equal(raw[i] / 255f, scaled[i]);
    }

    [Fact]
    public void Imbalanced_tabular_has_twelve_features_and_a_strongly_imbalanced_key_label()
    {
        var data = SampleData.ImbalancedTabular();
        Assert.Equal(4000, data.RowCount);
        Assert.Equal(13, data.Schema.Count);
        Assert.All(Enumerable.Range(1, 12), i => Assert.Equal(ColumnType.Single, data.Schema[$"f{i:00}"].Type));
        var counts = data.GetColumn<KeyColumn>("label").CountPerClass();
        Assert.Equal([3578, 326, 96], counts);
    }
}
