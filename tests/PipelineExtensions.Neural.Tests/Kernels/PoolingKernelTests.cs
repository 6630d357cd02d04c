using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Kernels;

namespace PipelineExtensions.Neural.Tests.Kernels;

public class PoolingKernelTests
{
    // Naive 2×2 max pooling: the first maximum in window order (row-major) wins; a NaN wins as soon as it is met.
    private static (float Value, int Index) Window(float[] x, int plane, int w, int oh, int ow)
    {
        int best = -1;
        float value = 0;
        foreach (var (i, j) in new[] { (0, 0), (0, 1), (1, 0), (1, 1) })
        {
            int idx = plane + (2 * oh + i) * w + 2 * ow + j;
            if (best < 0 || x[idx] > value || float.IsNaN(x[idx]))
            {
                best = idx;
                value = x[idx];
                if (float.IsNaN(value))
                    break;
            }
        }
        return (value, best);
    }

    [Theory]
    [InlineData(28, 28)]   // vector path (8 windows) + scalar tail
    [InlineData(14, 14)]   // scalar tail only
    [InlineData(6, 34)]
    [InlineData(7, 9)]     // odd sizes: the last row/column is not covered
    public void TwoByTwoPathMatchesTheNaiveRuleIncludingTiesAndNaN(int h, int w)
    {
        var g = new PoolingGeometry(2, 3, h, w, 2, 2, 2, 2, 0, 0);
        var x = TestData.Uniform(2 * 3 * h * w, 5);
        var r = new PipelineExtensions.Randomness.SeededRandom(9);
        for (int i = 0; i < x.Length; i++)
        {
            double u = r.NextDouble();
            if (u < 0.03)
                x[i] = float.NaN;
            else if (u < 0.3)
                x[i] = 0.25f; // many ties
        }
        int oh = g.OutHeight, ow = g.OutWidth;
        var y = new float[g.Planes * oh * ow];
        var dy = TestData.Uniform(y.Length, 6);
        var dx = TestData.Uniform(x.Length, 7); // garbage: must be overwritten (or added to when accumulating)
        var start = (float[])dx.Clone();
        PoolingKernels.MaxForward(g, x, y, 2);
        PoolingKernels.MaxBackward(g, x, dy, dx, accumulate: false, 2);
        var expectedDx = new float[x.Length];
        for (int p = 0; p < g.Planes; p++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                {
                    var (value, index) = Window(x, p * h * w, w, i, j);
                    float actual = y[(p * oh + i) * ow + j];
                    Assert.True(float.IsNaN(value) ? float.IsNaN(actual) : actual == value, $"plane {p} ({i}, {j}): {actual} vs {value}");
                    expectedDx[index] += dy[(p * oh + i) * ow + j];
                }
        Assert.Equal(expectedDx, dx);
        PoolingKernels.MaxBackward(g, x, dy, start, accumulate: true, 2);
        var again = TestData.Uniform(x.Length, 7);
        for (int i = 0; i < again.Length; i++)
            Assert.Equal(again[i] + expectedDx[i], start[i], 6);
    }
}
