using System.Text.RegularExpressions;
using PipelineExtensions.Augmentation;
using PipelineExtensions.Data;
using static PipelineExtensions.Tests.Augmentation.AugmentationTestData;

namespace PipelineExtensions.Tests.Augmentation.Rendering;

public class AugmentationGridTests
{
    private static readonly PipelineContext Ctx = new(seed: 4);
    private static readonly ImageType Type = new(1, 8, 10);

    private static DataTable Data() => new(
        new VectorColumn("Image", Type, Random(5 * Type.Size, seed: 1)),
        new KeyColumn("Label", new KeyType(["shirt", "<bag>"]), [0, 1, 0, 1, 1]));

    private static AugmentationPipeline Augment() => MakePipeline(Ctx.Augmentation.RandomFlip(), Ctx.Augmentation.RandomRotation(30));

    [Fact]
    public void PngHoldsTheOriginalsAndTheEpochVariants()
    {
        var data = Data();
        var grid = Ctx.Augmentation.RenderGrid(Augment(), data, "Image", new AugmentationGridOptions { Variants = 3, Images = 2, Scale = 2, Padding = 1 });
        Assert.Equal((2, 4), (grid.Rows, grid.Columns));
        var png = ImageDecoder.Decode(grid.ToPng(), "grid.png");
        Assert.Equal((1, 2 * 16 + 3, 4 * 20 + 5), (png.Channels, png.Height, png.Width));

        var images = data.GetColumn<VectorColumn>("Image");
        var augmenter = Augment().CreateBatchAugmenter(Type);
        var variant = new float[Type.Size];
        for (int row = 0; row < 2; row++)
            for (int column = 0; column < 4; column++)
            {
                var expected = images.Row(row).ToArray();
                if (column > 0)
                {
                    augmenter.AugmentImage(images.Row(row), variant, sampleId: row, epoch: column - 1);
                    expected = variant;
                }
                // Every pixel is drawn as a 2×2 block at its cell's position.
                for (int y = 0; y < 8; y++)
                    for (int x = 0; x < 10; x++)
                    {
                        int top = 1 + row * 17 + 2 * y, left = 1 + column * 21 + 2 * x;
                        byte value = (byte)Math.Clamp(MathF.Round(expected[y * 10 + x] * 255f), 0, 255);
                        Assert.Equal(value, png.Pixels[top * png.Width + left]);
                        Assert.Equal(value, png.Pixels[(top + 1) * png.Width + left + 1]);
                    }
            }
    }

    [Fact]
    public void HtmlIsSelfContainedWithEncodedLabels()
    {
        var grid = Ctx.Augmentation.RenderGrid(Augment(), Data(), "Image", new AugmentationGridOptions { Variants = 2, Rows = [1, 3], LabelColumnName = "Label" });
        string html = grid.ToHtml();
        var images = Regex.Matches(html, "<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");
        Assert.Equal(2 * 3, images.Count);
        foreach (Match m in images)
            Assert.Equal(8, ImageDecoder.Decode(Convert.FromBase64String(m.Groups[1].Value), "cell.png").Height);
        Assert.Contains("row 1: &lt;bag&gt;", html);
        Assert.DoesNotContain("<bag>", html);
        Assert.DoesNotContain("http", html);
        Assert.DoesNotContain("<script", html);
        Assert.Contains("RandomRotation", html);
    }

    [Fact]
    public void SizeChangingPipelinesShowResizedOriginals()
    {
        var crop = MakePipeline(Ctx.Augmentation.RandomResizedCrop(6, 6));
        var grid = Ctx.Augmentation.RenderGrid(crop, Data(), "Image", new AugmentationGridOptions { Variants = 2, Images = 1, Scale = 1, Padding = 0 });
        var png = ImageDecoder.Decode(grid.ToPng(), "grid.png");
        Assert.Equal((6, 18), (png.Height, png.Width));
        string path = Path.Combine(Path.GetTempPath(), $"pipex-grid-{Guid.NewGuid():N}.png");
        try
        {
            grid.SavePng(path);
            Assert.Equal(grid.ToPng(), File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void BadRequestsNameTheProblem()
    {
        var data = Data();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Ctx.Augmentation.RenderGrid(Augment(), data, "Image", new AugmentationGridOptions { Rows = [9] }));
        Assert.Contains("Row 9", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Ctx.Augmentation.RenderGrid(Augment(), data, "Image", new AugmentationGridOptions { Variants = 0 }));
        var vectors = new DataTable(new VectorColumn("V", new VectorType(4), new float[8]));
        Assert.Throws<ArgumentException>(() => Ctx.Augmentation.RenderGrid(Augment(), vectors, "V"));
    }
}
