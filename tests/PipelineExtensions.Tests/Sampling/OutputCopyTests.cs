using PipelineExtensions.Sampling;

namespace PipelineExtensions.Tests.Sampling;

public class OutputCopyTests
{
    [Theory]
    [InlineData(0, 300_000)]      // large enough for the streaming-store path
    [InlineData(3, 300_001)]      // unaligned destination start and an odd tail
    [InlineData(5, 1000)]         // small: plain copy
    public void CopyRange_copies_every_element_whatever_the_alignment(int offset, int length)
    {
        var source = new float[length];
        for (int i = 0; i < length; i++)
            source[i] = i * 0.5f - 7;
        var destination = new float[length + offset + 3];
        destination.AsSpan().Fill(-1);
        FeatureCopy.CopyRange(source, destination.AsSpan(offset, length));
        Assert.Equal(source, destination.AsSpan(offset, length).ToArray());
        Assert.All(destination.AsSpan(0, offset).ToArray(), v => Assert.Equal(-1, v));
        Assert.All(destination.AsSpan(offset + length).ToArray(), v => Assert.Equal(-1, v));
    }

    [Fact]
    public void Parallel_finite_check_reports_the_lowest_non_finite_index()
    {
        var data = new float[(1 << 21) + 13];
        Assert.Equal(-1, SamplerData.FirstNonFiniteParallel(data));
        data[^1] = float.PositiveInfinity;                 // second half only
        Assert.Equal(data.Length - 1, SamplerData.FirstNonFiniteParallel(data));
        data[(1 << 20) + 5] = float.NaN;                   // near the split: still the lowest
        Assert.Equal((1 << 20) + 5, SamplerData.FirstNonFiniteParallel(data));
        data[17] = float.NegativeInfinity;                 // first half wins
        Assert.Equal(17, SamplerData.FirstNonFiniteParallel(data));
        Assert.Equal(SamplerData.FirstNonFinite(data), SamplerData.FirstNonFiniteParallel(data));
    }
}
