using PipelineExtensions.Data;

namespace PipelineExtensions.Tests.Transforms;

public class ConversionAndSelectionTests
{
    private readonly PipelineContext _ctx = new(seed: 1);

    [Fact]
    public void Convert_type_between_numbers_booleans_keys_and_text()
    {
        var table = new DataTable(
            new ScalarColumn<float>("f", [1.9f, -2.5f]),
            new ScalarColumn<bool>("b", [true, false]),
            new KeyColumn("k", ColumnType.Key(["a", "b"]), [1, -1]),
            new TextColumn("t", ["3.5", null]));
        Assert.Equal([1, -2], Run(table, "f", ScalarKind.Int32).GetColumn<ScalarColumn<int>>("o").ToArray());
        Assert.Equal([1.0, 0.0], Run(table, "b", ScalarKind.Double).GetColumn<ScalarColumn<double>>("o").ToArray());
        Assert.Equal([1, -1], Run(table, "k", ScalarKind.Int32).GetColumn<ScalarColumn<int>>("o").ToArray());
        var keyAsFloat = Run(table, "k", ScalarKind.Single).GetColumn<ScalarColumn<float>>("o");
        Assert.Equal(1f, keyAsFloat[0]);
        Assert.True(float.IsNaN(keyAsFloat[1]));
        Assert.Equal(3.5f, Run(table, "t", ScalarKind.Single).GetColumn<ScalarColumn<float>>("o")[0]);
        Assert.Equal([true, true], Run(table, "f", ScalarKind.Boolean).GetColumn<ScalarColumn<bool>>("o").ToArray());
    }

    [Fact]
    public void Convert_type_errors_name_column_and_row()
    {
        var table = new DataTable(new ScalarColumn<float>("f", [1, float.NaN]), new TextColumn("t", ["1", "x"]), new VectorColumn("v", ColumnType.Vector(1), [1, 2]));
        Assert.Contains("column 'f' row 1", Assert.Throws<InvalidOperationException>(() => Run(table, "f", ScalarKind.Int32)).Message);
        Assert.Contains("column 't' row 1", Assert.Throws<FormatException>(() => Run(table, "t", ScalarKind.Double)).Message);
        Assert.Throws<SchemaMismatchException>(() => Run(table, "v", ScalarKind.Double));
    }

    private DataTable Run(DataTable table, string input, ScalarKind kind) => _ctx.Transforms.ConvertType("o", input, kind).Fit(table).Transform(table);

    [Fact]
    public void Select_and_drop_columns()
    {
        var table = new DataTable(new ScalarColumn<int>("a", [1]), new ScalarColumn<int>("b", [2]), new ScalarColumn<int>("c", [3]));
        Assert.Equal(["c", "a"], _ctx.Transforms.SelectColumns("c", "a").Fit(table).Transform(table).Schema.Names);
        Assert.Equal(["a", "c"], _ctx.Transforms.DropColumns("b").Fit(table).Transform(table).Schema.Names);
        var e = Assert.Throws<SchemaMismatchException>(() => _ctx.Transforms.DropColumns("z").Fit(table));
        Assert.Contains("DropColumns", e.Message);
        Assert.Contains("'a'", e.Message);
    }
}
