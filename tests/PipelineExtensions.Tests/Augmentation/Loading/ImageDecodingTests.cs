using PipelineExtensions.Randomness;
using System.Text.Json;
using PipelineExtensions.Augmentation;
using static PipelineExtensions.Tests.Augmentation.AugmentationTestData;

namespace PipelineExtensions.Tests.Augmentation.Loading;

/// <summary>The managed decoders against what Pillow decodes from the same files (Parity/make_image_fixtures.py).</summary>
public class ImageDecodingTests
{
    public static string FixturePath(string file) => Path.Combine(AppContext.BaseDirectory, "Augmentation", "Loading", "Fixtures", file);

    public static TheoryData<string> Fixtures()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(ParityPath("image_parity.json")));
        var data = new TheoryData<string>();
        foreach (var item in json.RootElement.GetProperty("decode").EnumerateArray())
            data.Add(item.GetProperty("file").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void DecodesLikePillow(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(ParityPath("image_parity.json")));
        var item = json.RootElement.GetProperty("decode").EnumerateArray().Single(e => e.GetProperty("file").GetString() == file);
        var expected = item.GetProperty("pixels").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var image = ImageDecoder.Decode(File.ReadAllBytes(FixturePath(file)), file);
        Assert.Equal(item.GetProperty("width").GetInt32(), image.Width);
        Assert.Equal(item.GetProperty("height").GetInt32(), image.Height);
        Assert.Equal(item.GetProperty("channels").GetInt32(), image.Channels);
        var diff = image.Pixels.Select((v, i) => Math.Abs(v - expected[i])).ToArray();
        if (file.EndsWith(".png", StringComparison.Ordinal))
        {
            // Lossless: exact.
            Assert.Equal(expected, image.Pixels.Select(v => (int)v).ToArray());
            return;
        }
        // JPEG decoders may differ in IDCT rounding and in how they upsample subsampled chroma (libjpeg's
        // "fancy" triangle filter vs replication), so compare closely but not exactly.
        double mean = diff.Average();
        Assert.True(mean < (file.Contains("420") ? 4.0 : 1.5), $"{file}: mean |difference| {mean:F2}");
        Assert.True(diff.Max() <= (file.Contains("420") ? 60 : 8), $"{file}: max |difference| {diff.Max()}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void EncoderOutputDecodesToTheSamePixels(int channels)
    {
        foreach (var (w, h) in new[] { (1, 1), (5, 9), (3, 3), (17, 4), (64, 33) })
        {
            var rng = new SeededRandom(w * 100 + h);
            var pixels = new byte[w * h * channels];
            for (int i = 0; i < pixels.Length; i++)
                pixels[i] = (byte)(i % 7 == 0 ? rng.NextInt(256) : (i * 3) % 256); // smooth and noisy parts use every filter
            var decoded = ImageDecoder.Decode(PngEncoder.Encode(pixels, w, h, channels), "roundtrip.png");
            Assert.Equal((w, h, channels), (decoded.Width, decoded.Height, decoded.Channels));
            Assert.Equal(pixels, decoded.Pixels);
        }
    }

    [Fact]
    public void CorruptChunksFailTheirCrc()
    {
        var png = File.ReadAllBytes(FixturePath("rgb.png"));
        png[40] ^= 0x10; // inside the IDAT data
        var error = Assert.Throws<ImageDecodingException>(() => ImageDecoder.Decode(png, "flipped.png"));
        Assert.Contains("CRC", error.Message);
    }

    [Fact]
    public void BadFilesFailWithTheirName()
    {
        var e1 = Assert.Throws<ImageDecodingException>(() => ImageDecoder.Decode("GIF89a......"u8.ToArray(), "cat.gif"));
        Assert.Contains("cat.gif", e1.Message);
        Assert.Contains("not a PNG or JPEG", e1.Message);
        var png = File.ReadAllBytes(FixturePath("rgb.png"));
        var e2 = Assert.Throws<ImageDecodingException>(() => ImageDecoder.Decode(png[..(png.Length / 2)], "half.png"));
        Assert.Contains("half.png", e2.Message);
        var jpeg = File.ReadAllBytes(FixturePath("rgb444.jpg"));
        var broken = (byte[])jpeg.Clone();
        for (int i = 20; i < broken.Length - 2; i++)
            broken[i] = 0xFF;
        Assert.Throws<ImageDecodingException>(() => ImageDecoder.Decode(broken, "broken.jpg"));
        Assert.Contains("empty", Assert.Throws<ImageDecodingException>(() => ImageDecoder.Decode([], "empty.png")).Message);
    }
}
