using System.Text.Json;
using PipelineExtensions.Augmentation;
using static PipelineExtensions.Tests.Augmentation.AugmentationTestData;

namespace PipelineExtensions.Tests.Augmentation.Photometric;

/// <summary>Colour adjustments against torchvision 0.14 (Parity/color_parity.json from make_color_parity.py).</summary>
public class ColorParityTests
{
    [Fact]
    public void MatchTorchvisionFunctionalAdjustments()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(ParityPath("color_parity.json")));
        int cases = 0;
        foreach (var item in json.RootElement.GetProperty("cases").EnumerateArray())
        {
            var shapeValues = item.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray();
            var shape = new ImageShape(shapeValues[0], shapeValues[1], shapeValues[2]);
            var image = item.GetProperty("input").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            var expected = item.GetProperty("output").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            float factor = item.GetProperty("factor").GetSingle();
            string op = item.GetProperty("op").GetString()!;
            switch (op)
            {
                case "brightness": ColorAdjust.Brightness(image, factor, 1f); break;
                case "contrast": ColorAdjust.Contrast(image, shape, factor, 1f); break;
                case "saturation": ColorAdjust.Saturation(image, shape, factor, new float[shape.Plane], 1f); break;
                case "hue": ColorAdjust.Hue(image, shape, factor, 1f); break;
            }
            for (int i = 0; i < image.Length; i++)
                Assert.True(Math.Abs(image[i] - expected[i]) < 2e-5f, $"{op}({factor}) value {i}: {image[i]} vs torchvision {expected[i]}");
            cases++;
        }
        Assert.Equal(15, cases);
    }

    [Fact]
    public void ValueRangeScalesTheAdjustments()
    {
        // The same image in [0, 255] gives the [0, 1] result times 255.
        var shape = new ImageShape(3, 4, 5);
        var unit = Random(shape.Size, seed: 3);
        var bytes = unit.Select(v => v * 255f).ToArray();
        ColorAdjust.Hue(unit, shape, 0.2f, 1f);
        ColorAdjust.Hue(bytes, shape, 0.2f, 255f);
        ColorAdjust.Contrast(unit, shape, 1.6f, 1f);
        ColorAdjust.Contrast(bytes, shape, 1.6f, 255f);
        for (int i = 0; i < unit.Length; i++)
            Assert.Equal(unit[i] * 255f, bytes[i], 0.01f);
    }
}
