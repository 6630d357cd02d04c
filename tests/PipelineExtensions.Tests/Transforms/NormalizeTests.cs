using PipelineExtensions.Data;
using PipelineExtensions.Data.Samples;
using PipelineExtensions.Transforms.Normalize;

namespace PipelineExtensions.Tests.Transforms;

public class NormalizeTests
{
    private readonly PipelineContext _ctx = new(seed: 1);

    private static void Near(double expected, double actual, double tolerance) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Abs(expected)), $"expected {expected}, got {actual}");

    private static DataTable Matrix(float[,] values)
    {
        int rows = values.GetLength(0), cols = values.GetLength(1);
        var data = new float[rows * cols];
        Buffer.BlockCopy(values, 0, data, 0, data.Length * 4);
        return new DataTable(new VectorColumn("x", ColumnType.Vector(cols), data));
    }

    [Fact]
    public void MinMax_maps_training_min_and_max_to_0_and_1_per_slot_and_constant_slots_to_0()
    {
        var train = Matrix(new float[,] { { 1, 10, 5 }, { 3, -10, 5 }, { 2, 0, 5 } });
        var model = _ctx.Transforms.NormalizeMinMax("x").Fit(train);
        var y = model.Transform(train).GetColumn<VectorColumn>("x");
        Assert.Equal([0f, 1f, 0f], y.Row(0).ToArray());
        Assert.Equal([1f, 0f, 0f], y.Row(1).ToArray());
        Assert.Equal([0.5f, 0.5f, 0f], y.Row(2).ToArray());
        // Statistics come from training only: new data outside the range maps outside [0, 1].
        var test = Matrix(new float[,] { { 5, 20, 6 } });
        Assert.Equal([2f, 1.5f, 1f], model.Transform(test).GetColumn<VectorColumn>("x").Row(0).ToArray());
    }

    [Fact]
    public void MinMax_target_range_follows_sklearn_feature_range()
    {
        var train = new DataTable(new ScalarColumn<double>("d", [2, 4, 6]));
        var model = _ctx.Transforms.NormalizeMinMax(new MinMaxNormalizerOptions { OutputColumnName = "n", InputColumnName = "d", RangeMin = -1, RangeMax = 1 }).Fit(train);
        Assert.Equal([-1.0, 0, 1], model.Transform(train).GetColumn<ScalarColumn<double>>("n").ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => _ctx.Transforms.NormalizeMinMax(new MinMaxNormalizerOptions { RangeMin = 1, RangeMax = 1 }));
    }

    [Fact]
    public void MeanVariance_standardizes_with_population_std_like_StandardScaler()
    {
        var data = SampleData.ImbalancedTabular();
        var features = _ctx.Transforms.Concatenate("Features", Enumerable.Range(1, 12).Select(i => $"f{i:00}").ToArray()).Fit(data).Transform(data);
        var x = features.GetColumn<VectorColumn>("Features");
        var y = _ctx.Transforms.NormalizeMeanVariance("Z", "Features").Fit(features).Transform(features).GetColumn<VectorColumn>("Z");
        for (int j = 0; j < 12; j++)
        {
            var column = Enumerable.Range(0, x.Length).Select(r => (double)x.Row(r)[j]).ToArray();
            double mean = column.Average();
            double std = Math.Sqrt(column.Sum(v => (v - mean) * (v - mean)) / column.Length);
            for (int r = 0; r < x.Length; r += 37)
                Near((column[r] - mean) / std, y.Row(r)[j], 1e-5);
            var z = Enumerable.Range(0, y.Length).Select(r => (double)y.Row(r)[j]).ToArray();
            Near(0, z.Average(), 1e-5);
            Near(1, Math.Sqrt(z.Sum(v => v * v) / z.Length), 1e-5);
        }
    }

    [Fact]
    public void MeanVariance_handles_constant_slots_nan_and_no_centering()
    {
        var train = Matrix(new float[,] { { 2, 7, float.NaN }, { 4, 7, 1 }, { 6, 7, 3 } });
        var model = _ctx.Transforms.NormalizeMeanVariance("x").Fit(train);
        var y = model.Transform(train).GetColumn<VectorColumn>("x");
        double std = Math.Sqrt(8.0 / 3);
        Near((float)(-2 / std), y.Row(0)[0], 1e-6);
        Assert.Equal(0f, y.Row(1)[1]);
        Assert.True(float.IsNaN(y.Row(0)[2]));
        Near(-1f, y.Row(1)[2], 1e-6);
        var scaleOnly = _ctx.Transforms.NormalizeMeanVariance(new MeanVarianceNormalizerOptions { OutputColumnName = "x", Center = false }).Fit(train);
        Near((float)(2 / std), scaleOnly.Transform(train).GetColumn<VectorColumn>("x").Row(0)[0], 1e-6);
    }

    [Fact]
    public void Image_type_is_kept_and_statistics_are_per_pixel()
    {
        var images = SampleData.FashionMnistTest().Slice(0, 200);
        var output = _ctx.Transforms.NormalizeMinMax("Image").Fit(images).Transform(images);
        Assert.Equal(ColumnType.Image(1, 28, 28), output.Schema["Image"].Type);
        var y = output.GetColumn<VectorColumn>("Image");
        for (int j = 0; j < 784; j += 13)
        {
            var slot = Enumerable.Range(0, y.Length).Select(r => y.Row(r)[j]).ToArray();
            Assert.InRange(slot.Min(), 0f, 0f);
            Assert.True(slot.Max() is 0f or > 0.9999f);
        }
    }

    [Fact]
    public void Wrong_input_type_or_size_is_a_schema_error()
    {
        var table = new DataTable(new TextColumn("s", ["a"]), new ScalarColumn<int>("i", [1]));
        Assert.Equal("Text", Assert.Throws<SchemaMismatchException>(() => _ctx.Transforms.NormalizeMinMax("s").Fit(table)).Actual);
        Assert.Throws<SchemaMismatchException>(() => _ctx.Transforms.NormalizeMeanVariance("i").GetOutputSchema(table.Schema));
        var model = _ctx.Transforms.NormalizeMinMax("x").Fit(Matrix(new float[,] { { 1, 2 } }));
        var wider = Matrix(new float[,] { { 1, 2, 3 } });
        Assert.Throws<SchemaMismatchException>(() => model.Transform(wider));
        Assert.Throws<ArgumentException>(() => _ctx.Transforms.NormalizeMinMax("x").Fit(Matrix(new float[0, 2])));
    }
}
