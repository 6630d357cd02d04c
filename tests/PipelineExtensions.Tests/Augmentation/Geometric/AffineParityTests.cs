using System.Text.Json;
using PipelineExtensions.Augmentation;
using static PipelineExtensions.Tests.Augmentation.AugmentationTestData;

namespace PipelineExtensions.Tests.Augmentation.Geometric;

/// <summary>
/// <see cref="RandomAffine"/>'s matrix against torchvision 0.14's <c>F.affine</c> on PIL images (the path of its
/// RandomAffine), nearest interpolation, fill 0. Vectors: Parity/affine_parity.json from make_affine_parity.py.
/// </summary>
public class AffineParityTests
{
    [Fact]
    public void MatchesTorchvisionPilAffine()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(ParityPath("affine_parity.json")));
        int cases = 0;
        foreach (var item in json.RootElement.GetProperty("cases").EnumerateArray())
        {
            int h = item.GetProperty("height").GetInt32(), w = item.GetProperty("width").GetInt32();
            var input = item.GetProperty("input").EnumerateArray().Select(v => (float)v.GetInt32()).ToArray();
            var expected = item.GetProperty("output").EnumerateArray().Select(v => (float)v.GetInt32()).ToArray();
            var map = RandomAffine.TorchvisionMatrix(
                item.GetProperty("angle").GetDouble(), item.GetProperty("tx").GetDouble(), item.GetProperty("ty").GetDouble(),
                item.GetProperty("scale").GetDouble(), item.GetProperty("shearX").GetDouble(), item.GetProperty("shearY").GetDouble(), h, w);
            var actual = Warp(input, 1, h, w, map, Interpolation.Nearest, FillMode.Constant, 0);
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                {
                    if (actual[y * w + x] == expected[y * w + x])
                        continue;
                    // PIL rounds half up where we round half to even, and it computes in double: a pixel may only
                    // differ when its source position sits on a rounding tie.
                    var (sx, sy) = map.Apply(x, y);
                    double tieX = Math.Abs(sx - Math.Floor(sx) - 0.5), tieY = Math.Abs(sy - Math.Floor(sy) - 0.5);
                    Assert.True(Math.Min(tieX, tieY) < 1e-4,
                        $"case {cases} ({item.GetProperty("angle").GetDouble()}°): pixel ({x}, {y}) reads ({sx:F5}, {sy:F5}), got {actual[y * w + x]}, torchvision {expected[y * w + x]}");
                }
            cases++;
        }
        Assert.Equal(16, cases);
    }
}
