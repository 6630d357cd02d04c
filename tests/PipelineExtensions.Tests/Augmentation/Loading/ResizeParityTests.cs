using System.Text.Json;
using PipelineExtensions.Augmentation;
using static PipelineExtensions.Tests.Augmentation.AugmentationTestData;

namespace PipelineExtensions.Tests.Augmentation.Loading;

/// <summary>The load-time resize against Pillow's BILINEAR <c>Image.resize</c> (anti-aliased when reducing).</summary>
public class ResizeParityTests
{
    [Fact]
    public void MatchesPillowWithinItsRounding()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(ParityPath("image_parity.json")));
        foreach (var item in json.RootElement.GetProperty("resize").EnumerateArray())
        {
            int h = item.GetProperty("height").GetInt32(), w = item.GetProperty("width").GetInt32();
            int oh = item.GetProperty("outHeight").GetInt32(), ow = item.GetProperty("outWidth").GetInt32();
            var input = item.GetProperty("input").EnumerateArray().Select(v => (float)v.GetInt32()).ToArray();
            var expected = item.GetProperty("output").EnumerateArray().Select(v => v.GetInt32()).ToArray();
            var output = new float[oh * ow];
            AntialiasedResize.ResizePlane(input, h, w, output, oh, ow, AntialiasedResize.Coefficients(w, ow), AntialiasedResize.Coefficients(h, oh), new float[h * ow]);
            // Pillow rounds to 8 bits after each pass (fixed point); we keep floats.
            for (int i = 0; i < output.Length; i++)
                Assert.True(Math.Abs(output[i] - expected[i]) <= 1.01, $"{h}x{w} → {oh}x{ow}, value {i}: {output[i]} vs Pillow {expected[i]}");
        }
    }

    [Fact]
    public void ReducingAveragesEverySourcePixel()
    {
        // Halving with the widened triangle averages each 2×2 block with its neighbours: a constant stays constant,
        // and a one-pixel checkerboard (which plain bilinear sampling would alias to all-black or all-white) turns grey.
        var board = new float[16 * 16];
        for (int y = 0; y < 16; y++)
            for (int x = 0; x < 16; x++)
                board[y * 16 + x] = (x + y) % 2 == 0 ? 255 : 0;
        var output = new float[8 * 8];
        AntialiasedResize.ResizePlane(board, 16, 16, output, 8, 8, AntialiasedResize.Coefficients(16, 8), AntialiasedResize.Coefficients(16, 8), new float[16 * 8]);
        Assert.All(output, v => Assert.InRange(v, 100f, 155f));
    }
}
