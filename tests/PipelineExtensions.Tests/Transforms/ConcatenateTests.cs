using PipelineExtensions.Data;

namespace PipelineExtensions.Tests.Transforms;

public class ConcatenateTests
{
    private readonly PipelineContext _ctx = new(seed: 1);

    [Fact]
    public void Scalars_vectors_and_images_concatenate_in_order()
    {
        var table = new DataTable(
            new ScalarColumn<float>("a", [1, 2]),
            new ScalarColumn<int>("i", [3, 4]),
            new ScalarColumn<bool>("b", [true, false]),
            new ScalarColumn<double>("d", [0.5, 0.25]),
            new VectorColumn("v", ColumnType.Vector(2), [5, 6, 7, 8]),
            new VectorColumn("img", ColumnType.Image(1, 1, 2), [9, 10, 11, 12]));
        var output = _ctx.Transforms.Concatenate("Features", "v", "a", "i", "b", "d", "img").Fit(table).Transform(table);
        var features = output.GetColumn<VectorColumn>("Features");
        Assert.Equal(ColumnType.Vector(8), features.Type);
        Assert.Equal([5, 6, 1, 3, 1, 0.5f, 9, 10], features.Row(0).ToArray());
        Assert.Equal([7, 8, 2, 4, 0, 0.25f, 11, 12], features.Row(1).ToArray());
        Assert.Equal(7, output.Schema.Count);
    }

    [Fact]
    public void Wrong_type_and_missing_column_fail_at_schema_check()
    {
        var table = new DataTable(new ScalarColumn<float>("a", [1]), new TextColumn("s", ["x"]));
        var estimator = _ctx.Transforms.Concatenate("Features", "a", "s");
        var e = Assert.Throws<SchemaMismatchException>(() => estimator.GetOutputSchema(table.Schema));
        Assert.Equal("s", e.Column);
        Assert.Equal("Text", e.Actual);
        Assert.Contains("Vector", e.Expected);
        var missing = Assert.Throws<SchemaMismatchException>(() => _ctx.Transforms.Concatenate("F", "zz").Fit(table));
        Assert.Contains("'a'", missing.Message);
    }
}
