using System.Buffers.Binary;
using System.IO.Compression;
using PipelineExtensions.Data;
using PipelineExtensions.Data.Idx;

namespace PipelineExtensions.Tests.Data;

public class IdxLoaderTests
{
    private readonly PipelineContext _ctx = new(seed: 1);

    /// <summary>An IDX file built by hand: magic 0x0000 type ndim, big-endian dims, payload.</summary>
    internal static byte[] Idx(byte type, int[] dims, byte[] payload)
    {
        var bytes = new byte[4 + 4 * dims.Length + payload.Length];
        bytes[2] = type;
        bytes[3] = (byte)dims.Length;
        for (int d = 0; d < dims.Length; d++)
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), dims[d]);
        payload.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    internal static byte[] Gzip(byte[] raw)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest))
            gz.Write(raw);
        return ms.ToArray();
    }

    private static byte[] Images(int n, int h, int w) =>
        Idx(0x08, [n, h, w], Enumerable.Range(0, n * h * w).Select(i => (byte)(i * 7 % 256)).ToArray());

    private static byte[] Labels(params byte[] labels) => Idx(0x08, [labels.Length], labels);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Loads_raw_and_gzip_images_and_labels(bool gzip)
    {
        using var dir = new TempDirectory();
        var images = Images(3, 2, 4);
        var labels = Labels(2, 0, 1);
        string ip = dir.Write("i.idx", gzip ? Gzip(images) : images);
        string lp = dir.Write("l.idx", gzip ? Gzip(labels) : labels);
        var table = _ctx.Data.LoadFromIdx(ip, lp, new IdxLoaderOptions { ClassNames = ["a", "b", "c"], Scaling = PixelScaling.None });
        Assert.Equal(3, table.RowCount);
        Assert.Equal(ColumnType.Image(1, 2, 4), table.Schema["Image"].Type);
        var pixels = table.GetColumn<VectorColumn>("Image").Data.ToArray();
        Assert.Equal(Enumerable.Range(0, 24).Select(i => (float)(i * 7 % 256)), pixels);
        var label = table.GetColumn<KeyColumn>("Label");
        Assert.Equal([2, 0, 1], label.Keys.ToArray());
        Assert.Equal("c", label.FormatValue(0));
    }

    [Fact]
    public void Unit_interval_scaling_divides_by_255_and_vector_path_matches_scalar_path()
    {
        // 1000 pixels exercise both the 32-wide vector loop and the tail.
        var payload = Enumerable.Range(0, 1000).Select(i => (byte)(i * 31 % 256)).ToArray();
        using var dir = new TempDirectory();
        string ip = dir.Write("i.idx", Idx(0x08, [1, 10, 100], payload));
        var pixels = _ctx.Data.LoadFromIdx(ip).GetColumn<VectorColumn>("Image").Data.ToArray();
        for (int i = 0; i < payload.Length; i++)
            Assert.Equal(payload[i] / 255f, pixels[i]);
    }

    [Fact]
    public void Single_label_file_becomes_a_key_column_named_by_value()
    {
        using var dir = new TempDirectory();
        var table = _ctx.Data.LoadFromIdx(dir.Write("l.idx", Labels(0, 3, 3)));
        var label = table.GetColumn<KeyColumn>("Label");
        Assert.Equal(["0", "1", "2", "3"], label.KeyType.ClassNames);
        Assert.Equal([1, 0, 0, 2], label.CountPerClass());
    }

    [Fact]
    public void Four_dimensional_file_is_a_multichannel_image()
    {
        using var dir = new TempDirectory();
        var table = _ctx.Data.LoadFromIdx(dir.Write("i.idx", Idx(0x08, [2, 3, 2, 2], new byte[24])));
        Assert.Equal(ColumnType.Image(3, 2, 2), table.Schema["Image"].Type);
    }

    [Fact]
    public void Big_endian_float_images_load_without_scaling()
    {
        var payload = new byte[8];
        BinaryPrimitives.WriteSingleBigEndian(payload, 1.5f);
        BinaryPrimitives.WriteSingleBigEndian(payload.AsSpan(4), -2.25f);
        using var dir = new TempDirectory();
        string path = dir.Write("f.idx", Idx(0x0D, [1, 1, 2], payload));
        var e = Assert.Throws<DataFormatException>(() => _ctx.Data.LoadFromIdx(path));
        Assert.Contains("PixelScaling.None", e.Message);
        var table = _ctx.Data.LoadFromIdx(path, new IdxLoaderOptions { Scaling = PixelScaling.None });
        Assert.Equal([1.5f, -2.25f], table.GetColumn<VectorColumn>("Image").Data.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Truncated_file_names_the_file_and_the_missing_bytes(bool gzip)
    {
        using var dir = new TempDirectory();
        var images = Images(3, 2, 4);
        var cut = images[..^5];
        string path = dir.Write("cut.idx", gzip ? Gzip(cut) : cut);
        var e = Assert.Throws<DataFormatException>(() => _ctx.Data.LoadFromIdx(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("24", e.Message);
        Assert.Contains("19", e.Message);
    }

    [Fact]
    public void Truncated_header_and_extra_bytes_are_errors()
    {
        using var dir = new TempDirectory();
        var images = Images(1, 2, 2);
        Assert.Contains("header", Assert.Throws<DataFormatException>(() => _ctx.Data.LoadFromIdx(dir.Write("h.idx", images[..9]))).Message);
        Assert.Contains("beyond", Assert.Throws<DataFormatException>(() => _ctx.Data.LoadFromIdx(dir.Write("x.idx", [.. images, 1]))).Message);
        Assert.Contains("shorter than", Assert.Throws<DataFormatException>(() => _ctx.Data.LoadFromIdx(dir.Write("e.idx", new byte[2]))).Message);
    }

    [Fact]
    public void Wrong_magic_and_unknown_type_are_errors_naming_the_file()
    {
        using var dir = new TempDirectory();
        string png = dir.Write("pic.png", [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0]);
        var e = Assert.Throws<DataFormatException>(() => _ctx.Data.LoadFromIdx(png));
        Assert.Contains("wrong magic number 0x89504E47", e.Message);
        Assert.Equal(png, e.Source);
        var bad = Images(1, 1, 1);
        bad[2] = 0x07;
        Assert.Contains("unknown IDX element type code 0x07", Assert.Throws<DataFormatException>(() => _ctx.Data.LoadFromIdx(dir.Write("t.idx", bad))).Message);
        var zeroDims = Images(1, 1, 1);
        zeroDims[3] = 0;
        Assert.Contains("0 dimensions", Assert.Throws<DataFormatException>(() => _ctx.Data.LoadFromIdx(dir.Write("z.idx", zeroDims))).Message);
    }

    [Fact]
    public void Mismatched_counts_name_both_files()
    {
        using var dir = new TempDirectory();
        string ip = dir.Write("i.idx", Images(3, 2, 2));
        string lp = dir.Write("l.idx", Labels(1, 2));
        var e = Assert.Throws<DataFormatException>(() => _ctx.Data.LoadFromIdx(ip, lp));
        Assert.Contains(ip, e.Message);
        Assert.Contains(lp, e.Message);
        Assert.Contains("3 images", e.Message);
        Assert.Contains("2 labels", e.Message);
    }

    [Fact]
    public void Label_outside_the_class_names_is_an_error_and_missing_file_is_reported()
    {
        using var dir = new TempDirectory();
        string lp = dir.Write("l.idx", Labels(0, 5));
        var e = Assert.Throws<DataFormatException>(() => _ctx.Data.LoadFromIdx(lp, new IdxLoaderOptions { ClassNames = ["a", "b"] }));
        Assert.Contains("label 5 at row 1", e.Message);
        Assert.Throws<FileNotFoundException>(() => _ctx.Data.LoadFromIdx(dir.File("none.idx")));
    }

    [Fact]
    public void Damaged_gzip_is_reported_as_a_format_error()
    {
        using var dir = new TempDirectory();
        var gz = Gzip(Images(4, 8, 8));
        for (int i = 12; i < gz.Length - 8; i++)
            gz[i] ^= 0x5A;
        var e = Assert.Throws<DataFormatException>(() => _ctx.Data.LoadFromIdx(dir.Write("d.gz", gz)));
        Assert.Contains("d.gz", e.Message);
    }
}
