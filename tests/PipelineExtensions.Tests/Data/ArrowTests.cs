using CsCheck;
using PipelineExtensions.Data;
using PipelineExtensions.Data.Arrow;
using PipelineExtensions.Data.Samples;

namespace PipelineExtensions.Tests.Data;

public class ArrowTests
{
    private readonly PipelineContext _ctx = new(seed: 1);

    private DataTable RoundTrip(DataTable table, ArrowFormat format)
    {
        using var ms = new MemoryStream();
        _ctx.Data.SaveAsArrow(table, ms, format);
        ms.Position = 0;
        return _ctx.Data.LoadFromArrow(ms);
    }

    [Theory]
    [InlineData(ArrowFormat.File)]
    [InlineData(ArrowFormat.Stream)]
    public void Every_column_kind_round_trips_exactly(ArrowFormat format) =>
        TableGen.AllKinds().Sample(table => TableAssert.Identical(table, RoundTrip(table, format)), iter: 60);

    [Fact]
    public void Image_shape_and_all_class_names_survive_a_file_round_trip()
    {
        var train = SampleData.FashionMnistTrain().Slice(0, 50);
        using var dir = new TempDirectory();
        string path = dir.File("fashion.arrow");
        _ctx.Data.SaveAsArrow(train, path);
        var loaded = _ctx.Data.LoadFromArrow(path);
        TableAssert.Identical(train, loaded);
        Assert.Equal(ColumnType.Image(1, 28, 28), loaded.Schema["Image"].Type);
        Assert.Equal(SampleData.FashionMnistClassNames, loaded.GetColumn<KeyColumn>("Label").KeyType.ClassNames);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void Stream_format_file_and_column_subset_load()
    {
        var table = SampleData.ImbalancedTabular();
        using var dir = new TempDirectory();
        string path = dir.File("credit.arrows");
        _ctx.Data.SaveAsArrow(table, path, new ArrowSaveOptions { Format = ArrowFormat.Stream });
        var subset = _ctx.Data.LoadFromArrow(path, new ArrowLoaderOptions { Columns = ["label", "f03"] });
        Assert.Equal(["label", "f03"], subset.Schema.Names);
        TableAssert.Identical(table.SelectColumns("label", "f03"), subset);
        var e = Assert.Throws<DataFormatException>(() => _ctx.Data.LoadFromArrow(path, new ArrowLoaderOptions { Columns = ["nope"] }));
        Assert.Contains("'nope'", e.Message);
        Assert.Contains("'f01'", e.Message);
    }

    [Fact]
    public void Garbage_empty_and_truncated_files_are_format_errors_naming_the_file()
    {
        using var dir = new TempDirectory();
        string garbage = dir.Write("g.arrow", "this is not arrow at all, just some text"u8.ToArray());
        Assert.Contains(garbage, Assert.Throws<DataFormatException>(() => _ctx.Data.LoadFromArrow(garbage)).Message);
        string empty = dir.Write("e.arrow", []);
        Assert.Contains("empty", Assert.Throws<DataFormatException>(() => _ctx.Data.LoadFromArrow(empty)).Message);

        var table = SampleData.ImbalancedTabular();
        foreach (var format in new[] { ArrowFormat.File, ArrowFormat.Stream })
        {
            using var ms = new MemoryStream();
            _ctx.Data.SaveAsArrow(table, ms, format);
            var bytes = ms.ToArray();
            string cut = dir.Write($"cut-{format}.arrow", bytes[..(bytes.Length * 2 / 3)]);
            var e = Assert.Throws<DataFormatException>(() => _ctx.Data.LoadFromArrow(cut));
            Assert.Contains(cut, e.Message);
        }
        Assert.Throws<FileNotFoundException>(() => _ctx.Data.LoadFromArrow(dir.File("none.arrow")));
    }
}
