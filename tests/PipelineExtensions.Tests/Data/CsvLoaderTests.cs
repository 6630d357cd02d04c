using PipelineExtensions.Data;
using PipelineExtensions.Data.Csv;

namespace PipelineExtensions.Tests.Data;

public class CsvLoaderTests
{
    private readonly PipelineContext _ctx = new(seed: 1);

    private static string[] Texts(DataTable t, string name) => t.GetColumn<TextColumn>(name).Values.ToArray().Select(v => v ?? "<null>").ToArray();

    private DataTable Load(string csv, CsvLoaderOptions? options = null) =>
        _ctx.Data.LoadFromCsv(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)), options, "test.csv");

    [Fact]
    public void Infers_bool_int_float_and_text()
    {
        var t = Load("b,i,f,s\ntrue,1,1.5,x\nFALSE,-2,2,y\n");
        Assert.Equal(ColumnType.Boolean, t.Schema["b"].Type);
        Assert.Equal(ColumnType.Int32, t.Schema["i"].Type);
        Assert.Equal(ColumnType.Single, t.Schema["f"].Type);
        Assert.Equal(ColumnType.Text, t.Schema["s"].Type);
        Assert.Equal([true, false], t.GetColumn<ScalarColumn<bool>>("b").ToArray());
        Assert.Equal([1, -2], t.GetColumn<ScalarColumn<int>>("i").ToArray());
        Assert.Equal([1.5f, 2f], t.GetColumn<ScalarColumn<float>>("f").ToArray());
        Assert.Equal(["x", "y"], Texts(t, "s"));
    }

    [Fact]
    public void Infers_double_on_request_and_parses_exponents_and_specials()
    {
        var t = Load("x\n1e-3\n-2.5E+2\nNaN\ninf\n0.1\n", new CsvLoaderOptions { InferDouble = true });
        Assert.Equal(ColumnType.Double, t.Schema["x"].Type);
        var x = t.GetColumn<ScalarColumn<double>>("x").ToArray();
        Assert.Equal(0.001, x[0]);
        Assert.Equal(-250, x[1]);
        Assert.True(double.IsNaN(x[2]));
        Assert.Equal(double.PositiveInfinity, x[3]);
        Assert.Equal(0.1, x[4]);
    }

    [Fact]
    public void Quoted_fields_keep_separators_doubled_quotes_and_line_breaks()
    {
        var t = Load("id,text\r\n1,\"a,b\"\r\n2,\"say \"\"hi\"\"\"\r\n3,\"two\nlines\"\r\n4,\"\"\r\n");
        Assert.Equal(["a,b", "say \"hi\"", "two\nlines", ""], Texts(t, "text"));
        Assert.Equal([1, 2, 3, 4], t.GetColumn<ScalarColumn<int>>("id").ToArray());
    }

    [Fact]
    public void Ragged_row_names_the_line()
    {
        var e = Assert.Throws<DataFormatException>(() => Load("a,b\n1,2\n3,4\n5\n6,7\n"));
        Assert.Equal(4, e.Line);
        Assert.Contains("test.csv, line 4", e.Message);
        Assert.Contains("1 fields", e.Message);
    }

    [Fact]
    public void Ragged_row_after_a_multiline_field_names_the_physical_line()
    {
        var e = Assert.Throws<DataFormatException>(() => Load("a,b\n1,\"x\ny\"\n3,4,5\n"));
        Assert.Equal(4, e.Line);
    }

    [Fact]
    public void Bad_quotes_are_errors_naming_the_line()
    {
        Assert.Contains("never closed", Assert.Throws<DataFormatException>(() => Load("a,b\n1,\"open\n2,3\n")).Message);
        var e = Assert.Throws<DataFormatException>(() => Load("a,b\n1,2\n3,x\"y\n"));
        Assert.Equal(3, e.Line);
        Assert.Contains("quote inside an unquoted field", e.Message);
        Assert.Contains("after the closing quote", Assert.Throws<DataFormatException>(() => Load("a,b\n1,\"x\"y\n")).Message);
    }

    [Fact]
    public void Explicit_schema_loads_listed_columns_in_order_and_rejects_unknown_ones()
    {
        var t = Load("a,b,c\n1,2,x\n3,4,y\n", new CsvLoaderOptions { Columns = [new("c", ColumnType.Text), new("a", ColumnType.Double)] });
        Assert.Equal(["c", "a"], t.Schema.Names);
        Assert.Equal([1.0, 3.0], t.GetColumn<ScalarColumn<double>>("a").ToArray());
        var e = Assert.Throws<DataFormatException>(() => Load("a,b\n1,2\n", new CsvLoaderOptions { Columns = [new("z", ColumnType.Single)] }));
        Assert.Contains("'z'", e.Message);
        Assert.Contains("'a', 'b'", e.Message);
    }

    [Fact]
    public void Unparsable_value_names_line_column_value_and_type()
    {
        var e = Assert.Throws<DataFormatException>(() => Load("a,b\n1,2\n3,oops\n", new CsvLoaderOptions { Columns = [new("b", ColumnType.Single)] }));
        Assert.Equal(3, e.Line);
        Assert.Contains("column 'b'", e.Message);
        Assert.Contains("'oops'", e.Message);
        Assert.Contains("Single", e.Message);
    }

    [Fact]
    public void Explicit_key_type_maps_names_and_rejects_unknown_classes()
    {
        var options = new CsvLoaderOptions { Columns = [new("y", ColumnType.Key(["no", "yes"]))] };
        Assert.Equal([1, 0, 1], Load("y\nyes\nno\nyes\n", options).GetColumn<KeyColumn>("y").Keys.ToArray());
        var e = Assert.Throws<DataFormatException>(() => Load("y\nyes\nmaybe\n", options));
        Assert.Contains("'maybe' is not one of its 2 classes (no, yes)", e.Message);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void Key_columns_take_their_classes_from_the_data()
    {
        var t = Load("y,n\nb,10\na,2\nb,10\n", new CsvLoaderOptions { KeyColumns = ["y", "n"] });
        Assert.Equal(["a", "b"], t.GetColumn<KeyColumn>("y").KeyType.ClassNames);
        Assert.Equal([1, 0, 1], t.GetColumn<KeyColumn>("y").Keys.ToArray());
        Assert.Equal(["2", "10"], t.GetColumn<KeyColumn>("n").KeyType.ClassNames);
    }

    [Fact]
    public void Missing_values_error_by_default_naming_the_line_and_column()
    {
        var e = Assert.Throws<DataFormatException>(() => Load("a,b\n1,2\n3,\n"));
        Assert.Equal(3, e.Line);
        Assert.Contains("column 'b' has a missing value", e.Message);
        Assert.Contains("missing value", Assert.Throws<DataFormatException>(() => Load("a,b\n1,NA\n3,4\n")).Message);
    }

    [Fact]
    public void Missing_values_can_be_dropped()
    {
        var t = Load("a,b,s\n1,2,x\n3,,y\nNA,5,z\n6,7,\"\"\n", new CsvLoaderOptions { MissingValues = MissingValuePolicy.Drop });
        Assert.Equal([1, 6], t.GetColumn<ScalarColumn<int>>("a").ToArray());
        Assert.Equal([2, 7], t.GetColumn<ScalarColumn<int>>("b").ToArray());
        Assert.Equal(["x", ""], Texts(t, "s"));
    }

    [Fact]
    public void Missing_values_can_be_filled_with_defaults_or_given_values()
    {
        var options = new CsvLoaderOptions
        {
            MissingValues = MissingValuePolicy.Fill,
            Columns = [new("f", ColumnType.Single), new("i", ColumnType.Int32), new("s", ColumnType.Text), new("k", ColumnType.Key(["a", "b"]))],
            FillValues = new Dictionary<string, string> { ["i"] = "-1" },
        };
        var t = Load("f,i,s,k\n,,,\n1.5,2,x,b\n", options);
        Assert.True(float.IsNaN(t.GetColumn<ScalarColumn<float>>("f")[0]));
        Assert.Equal([-1, 2], t.GetColumn<ScalarColumn<int>>("i").ToArray());
        Assert.Null(t.GetColumn<TextColumn>("s")[0]);
        Assert.Equal([KeyColumn.Missing, 1], t.GetColumn<KeyColumn>("k").Keys.ToArray());
    }

    [Fact]
    public void Headerless_files_get_numbered_names_or_the_explicit_schema()
    {
        var t = Load("1,2\n3,4\n", new CsvLoaderOptions { HasHeader = false });
        Assert.Equal(["Column1", "Column2"], t.Schema.Names);
        Assert.Equal(2, t.RowCount);
        var named = Load("1,x\n", new CsvLoaderOptions { HasHeader = false, Columns = [new("n", ColumnType.Single), new("s", ColumnType.Text)] });
        Assert.Equal(["n", "s"], named.Schema.Names);
        Assert.Throws<DataFormatException>(() => Load("1,x\n", new CsvLoaderOptions { HasHeader = false, Columns = [new("n", ColumnType.Single)] }));
    }

    [Fact]
    public void Bom_blank_lines_other_separators_and_no_trailing_newline_are_handled()
    {
        var t = Load("\uFEFFa;b\n\n1;2\r\n\r\n3;4", new CsvLoaderOptions { Separator = ';' });
        Assert.Equal(["a", "b"], t.Schema.Names);
        Assert.Equal([1, 3], t.GetColumn<ScalarColumn<int>>("a").ToArray());
        Assert.Equal([2, 4], t.GetColumn<ScalarColumn<int>>("b").ToArray());
    }

    [Fact]
    public void Empty_file_and_header_only_file()
    {
        Assert.Contains("empty", Assert.Throws<DataFormatException>(() => Load("")).Message);
        var t = Load("a,b\n");
        Assert.Equal(0, t.RowCount);
        Assert.Equal(["a", "b"], t.Schema.Names);
    }

    [Fact]
    public void Duplicate_header_names_are_an_error()
    {
        Assert.Contains("'a' twice", Assert.Throws<DataFormatException>(() => Load("a,b,a\n1,2,3\n")).Message);
    }

    [Fact]
    public void Many_rows_parse_in_parallel_blocks_in_order()
    {
        var sb = new System.Text.StringBuilder("i,x\n");
        for (int i = 0; i < 50_000; i++)
            sb.Append(i).Append(',').Append(i * 0.25f).Append('\n');
        var t = Load(sb.ToString());
        Assert.Equal(Enumerable.Range(0, 50_000), t.GetColumn<ScalarColumn<int>>("i").ToArray());
        Assert.Equal(Enumerable.Range(0, 50_000).Select(i => i * 0.25f), t.GetColumn<ScalarColumn<float>>("x").ToArray());
        sb.Append("oops,1\n");
        var e = Assert.Throws<DataFormatException>(() => Load(sb.ToString(), new CsvLoaderOptions { Columns = [new("i", ColumnType.Int32)] }));
        Assert.Equal(50_002, e.Line);
    }

    [Fact]
    public void Inference_sees_values_far_beyond_the_first_records()
    {
        var sb = new System.Text.StringBuilder("n,late,flag\n");
        for (int i = 0; i < 60_000; i++)
            sb.Append(i).Append(',').Append(i < 59_990 ? "" : "7").Append(',').Append(i % 2 == 0 ? "true" : "false").Append('\n');
        sb.Append("1.5,8,maybe\n");
        var t = Load(sb.ToString(), new CsvLoaderOptions { MissingValues = MissingValuePolicy.Fill });
        Assert.Equal(ColumnType.Single, t.Schema["n"].Type);
        Assert.Equal(1.5f, t.GetColumn<ScalarColumn<float>>("n")[60_000]);
        Assert.Equal(ColumnType.Int32, t.Schema["late"].Type);
        Assert.Equal(ColumnType.Text, t.Schema["flag"].Type);
        Assert.Equal("maybe", t.GetColumn<TextColumn>("flag")[60_000]);
    }

    [Fact]
    public void File_path_overload_reports_missing_files()
    {
        using var dir = new TempDirectory();
        Assert.Throws<FileNotFoundException>(() => _ctx.Data.LoadFromCsv(dir.File("none.csv")));
        string path = dir.Write("ok.csv", "a\n1\n");
        Assert.Equal(1, _ctx.Data.LoadFromCsv(path).RowCount);
    }
}
