using System.Globalization;
using System.Text;
using CsCheck;
using PipelineExtensions.Data;
using PipelineExtensions.Data.Csv;

namespace PipelineExtensions.Tests.Data;

public class CsvRoundTripTests
{
    private readonly PipelineContext _ctx = new(seed: 1);

    // Awkward characters for CSV: separators, quotes, line breaks, the missing marker's letters, non-ASCII.
    private static readonly Gen<string?> Text =
        Gen.Char["abc,\"\n\r NAé中;"].Array[0, 8].Select(chars => new string(chars)).Null(0.15)!;

    private static readonly Gen<DataTable> Tables = TableGen.Scalars(Text);

    [Fact]
    public void Write_then_read_with_the_same_schema_returns_the_same_values()
    {
        Tables.Sample(table =>
        {
            using var ms = new MemoryStream();
            _ctx.Data.SaveAsCsv(table, ms);
            ms.Position = 0;
            var options = new CsvLoaderOptions { Columns = table.Schema.ToArray(), MissingValues = MissingValuePolicy.Fill };
            var loaded = _ctx.Data.LoadFromCsv(ms, options);
            // CSV keeps NaN but not its payload bits: normalise NaNs before the exact comparison.
            TableAssert.Identical(CanonicalNaN(table), CanonicalNaN(loaded));
        }, iter: 200);
    }

    [Fact]
    public void Vectors_are_written_one_field_per_element_and_the_save_is_atomic()
    {
        var table = new DataTable(new VectorColumn("v", ColumnType.Vector(2), [1.5f, -2f, 3f, 0.25f]));
        using var dir = new TempDirectory();
        string path = dir.File("v.csv");
        _ctx.Data.SaveAsCsv(table, path);
        Assert.Equal("v_0,v_1\n1.5,-2\n3,0.25\n", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir.Path));
        var options = new CsvSaveOptions { Separator = ';', WriteHeader = false };
        _ctx.Data.SaveAsCsv(table, path, options);
        Assert.Equal("1.5;-2\n3;0.25\n", File.ReadAllText(path));
    }

    private static DataTable CanonicalNaN(DataTable table) => new(table.Columns.Select(c => c switch
    {
        ScalarColumn<float> f => new ScalarColumn<float>(c.Name, f.Values.ToArray().Select(v => float.IsNaN(v) ? float.NaN : v).ToArray()),
        ScalarColumn<double> d => new ScalarColumn<double>(c.Name, d.Values.ToArray().Select(v => double.IsNaN(v) ? double.NaN : v).ToArray()),
        _ => c,
    }));
}

public class Utf8NumberTests
{
    private static ReadOnlySpan<byte> Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static void SameAsRuntime(string s)
    {
        bool ok = Utf8Number.TryParseSingle(Utf8(s), out float fast);
        Assert.True(ok, s);
        Assert.Equal(BitConverter.SingleToInt32Bits(float.Parse(s, CultureInfo.InvariantCulture)), BitConverter.SingleToInt32Bits(fast));
        Assert.True(Utf8Number.TryParseDouble(Utf8(s), out double fastDouble), s);
        Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(s, CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(fastDouble));
    }

    [Fact]
    public void Float_text_in_every_common_format_parses_exactly_like_the_runtime()
    {
        var formats = Gen.OneOf(Gen.Const("R"), Gen.Const("E9"), Gen.Const("F3"), Gen.Const("G5"), Gen.Const("F6"), Gen.Const("E16"));
        Gen.Select(Gen.Float, formats).Where(t => float.IsFinite(t.Item1))
            .Sample(t => SameAsRuntime(t.Item1.ToString(t.Item2, CultureInfo.InvariantCulture)), iter: 20_000);
        Gen.Select(Gen.Double, formats).Where(t => double.IsFinite(t.Item1))
            .Sample(t => SameAsRuntime(t.Item1.ToString(t.Item2, CultureInfo.InvariantCulture)), iter: 20_000);
    }

    [Fact]
    public void Random_decimal_strings_parse_exactly_like_the_runtime()
    {
        var digits = Gen.Char["0123456789"].Array[1, 20].Select(c => new string(c));
        Gen.Select(Gen.Bool, digits, digits, Gen.Int[-45, 40])
            .Sample(t => SameAsRuntime($"{(t.Item1 ? "-" : "")}{t.Item2}.{t.Item3}e{t.Item4}"), iter: 20_000);
    }

    [Fact]
    public void Float_midpoints_take_the_exact_path()
    {
        // 1 + 2^-24 is halfway between two floats: a naive double-then-float conversion rounds it twice.
        SameAsRuntime("1.000000059604644775390625");
        SameAsRuntime("1.0000000596046448");
        SameAsRuntime("16777217");
        SameAsRuntime("-0");
        SameAsRuntime("3.4028235e38");
        SameAsRuntime("1e-45");
    }

    [Fact]
    public void Special_values_and_rejections()
    {
        Assert.True(Utf8Number.TryParseSingle("inf"u8, out float inf) && float.IsPositiveInfinity(inf));
        Assert.True(Utf8Number.TryParseSingle("-Infinity"u8, out float ninf) && float.IsNegativeInfinity(ninf));
        Assert.True(Utf8Number.TryParseSingle("nan"u8, out float nan) && float.IsNaN(nan));
        Assert.True(Utf8Number.TryParseSingle(" 1.5 "u8, out float spaced) && spaced == 1.5f);
        Assert.False(Utf8Number.TryParseSingle("1.5x"u8, out _));
        Assert.False(Utf8Number.TryParseSingle(""u8, out _));
        Assert.False(Utf8Number.TryParseSingle("1e"u8, out _));
        Assert.True(Utf8Number.TryParseInt32("-2147483648"u8, out int min) && min == int.MinValue);
        Assert.False(Utf8Number.TryParseInt32("2147483648"u8, out _));
        Assert.False(Utf8Number.TryParseInt32("1.0"u8, out _));
        Assert.True(Utf8Number.TryParseBoolean("TRUE"u8, out bool t) && t);
        Assert.True(Utf8Number.TryParseBoolean("0"u8, out bool f) && !f);
        Assert.False(Utf8Number.TryParseBoolean("yes"u8, out _));
    }
}
