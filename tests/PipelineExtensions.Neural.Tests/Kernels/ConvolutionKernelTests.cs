using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Kernels;

namespace PipelineExtensions.Neural.Tests.Kernels;

public class ConvolutionKernelTests
{
    public static TheoryData<int, int, int, int, int, int> Geometries => new()
    {
        // channels, height, width, kernel, stride, padding
        { 2, 5, 6, 3, 1, 1 },   // "same" stride 1: the shifted-copy path
        { 3, 7, 7, 5, 1, 2 },   // "same" with a 5×5 kernel
        { 1, 4, 9, 1, 1, 0 },
        { 2, 6, 5, 3, 1, 0 },   // generic paths
        { 2, 7, 6, 3, 2, 1 },
        { 1, 8, 8, 4, 3, 2 },
    };

    private static float Naive(ConvolutionGeometry g, float[] x, int row, int col)
    {
        int c = row / (g.KernelHeight * g.KernelWidth), ki = row / g.KernelWidth % g.KernelHeight, kj = row % g.KernelWidth;
        int oh = col / g.OutWidth, ow = col % g.OutWidth;
        int ih = oh * g.StrideHeight - g.PadHeight + ki, iw = ow * g.StrideWidth - g.PadWidth + kj;
        return ih < 0 || ih >= g.InHeight || iw < 0 || iw >= g.InWidth ? 0f : x[(c * g.InHeight + ih) * g.InWidth + iw];
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Im2ColMatchesTheDefinitionAndCol2ImIsItsAdjoint(int channels, int height, int width, int kernel, int stride, int padding)
    {
        var g = new ConvolutionGeometry(1, channels, height, width, 1, kernel, kernel, stride, stride, padding, padding);
        int spatial = g.OutHeight * g.OutWidth;
        var x = TestData.Uniform(g.InSampleSize, 1);
        var cols = new float[g.PatchSize * spatial];
        cols.AsSpan().Fill(float.NaN); // every entry must be written
        ConvolutionKernels.Im2Col(g, x, cols);
        for (int r = 0; r < g.PatchSize; r++)
            for (int q = 0; q < spatial; q++)
                Assert.Equal(Naive(g, x, r, q), cols[r * spatial + q]);

        var c = TestData.Uniform(cols.Length, 2);
        var back = new float[x.Length];
        double lhs = 0, rhs = 0;
        for (int i = 0; i < cols.Length; i++)
            lhs += (double)cols[i] * c[i];
        ConvolutionKernels.Col2ImAdd(g, (float[])c.Clone(), back);
        for (int i = 0; i < x.Length; i++)
            rhs += (double)x[i] * back[i];
        Assert.Equal(lhs, rhs, 4);
    }
}
