using PipelineExtensions.Neural.Kernels;

namespace PipelineExtensions.Neural.Tests.Kernels;

public class SgemmTests
{
    private static double[] Reference(bool ta, bool tb, int m, int n, int k, float alpha, float[] a, float[] b, float beta, float[] c)
    {
        var r = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++)
                    s += (double)(ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
                r[i * n + j] = alpha * s + (beta == 0 ? 0 : beta * (double)c[i * n + j]);
            }
        return r;
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(6, 16, 8)]
    [InlineData(7, 17, 3)]
    [InlineData(37, 53, 300)]   // edges in every dimension and more than one K block
    [InlineData(128, 10, 128)]
    [InlineData(5, 200, 40)]    // few rows: the column split
    [InlineData(150, 90, 513)]
    public void MatchesDoublePrecisionReferenceForEveryTransposeCombination(int m, int n, int k)
    {
        foreach (bool ta in new[] { false, true })
            foreach (bool tb in new[] { false, true })
                foreach (var (alpha, beta) in new[] { (1f, 0f), (0.5f, 1f), (2f, -0.5f) })
                {
                    var a = TestData.Uniform(m * k, 1);
                    var b = TestData.Uniform(k * n, 2);
                    var c = TestData.Uniform(m * n, 3);
                    var expected = Reference(ta, tb, m, n, k, alpha, a, b, beta, c);
                    Sgemm.Run(ta, tb, m, n, k, alpha, a, b, beta, c, threads: 2);
                    for (int i = 0; i < expected.Length; i++)
                        Assert.True(Math.Abs(c[i] - expected[i]) <= 1e-5 * k + 1e-5,
                            $"ta={ta} tb={tb} α={alpha} β={beta} element {i}: {c[i]} vs {expected[i]}");
                }
    }

    [Fact]
    public void ResultsAreBitIdenticalForAnyThreadCount()
    {
        const int m = 301, n = 257, k = 700;
        var a = TestData.Uniform(m * k, 4);
        var b = TestData.Uniform(k * n, 5);
        var one = new float[m * n];
        var two = new float[m * n];
        var four = new float[m * n];
        Sgemm.Run(false, true, m, n, k, 1f, a, b, 0f, one, threads: 1);
        Sgemm.Run(false, true, m, n, k, 1f, a, b, 0f, two, threads: 2);
        Sgemm.Run(false, true, m, n, k, 1f, a, b, 0f, four, threads: 4);
        Assert.Equal(one, two);
        Assert.Equal(one, four);
    }
}
