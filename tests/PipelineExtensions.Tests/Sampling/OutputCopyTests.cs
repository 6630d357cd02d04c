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

    [Theory]
    [InlineData(0, 300_000)]   // streaming path, aligned
    [InlineData(3, 300_001)]   // streaming path: unaligned head, odd tail
    [InlineData(1, 1000)]      // small: plain copy
    public void Checked_copy_returns_the_first_non_finite_index_or_copies_everything(int offset, int length)
    {
        var source = new float[length];
        for (int i = 0; i < length; i++)
            source[i] = i * 0.25f - 3;
        var destination = new float[length + offset];
        Assert.Equal(-1, FeatureCopy.CopyRange(source, destination.AsSpan(offset, length), checkFinite: true));
        Assert.Equal(source, destination.AsSpan(offset).ToArray());
        // In the scalar head, the vector body (each lane) and the scalar tail; the lowest of two wins.
        foreach (int at in new[] { 0, 1, 2, 9, 8 * 1000 + 5, length / 2 + 7, length - 2, length - 1 }.Where(a => a < length))
        {
            var bad = (float[])source.Clone();
            bad[at] = at % 3 == 0 ? float.NaN : at % 3 == 1 ? float.PositiveInfinity : float.NegativeInfinity;
            bad[length - 1] = float.NaN;
            Assert.Equal(at, FeatureCopy.CopyRange(bad, new float[length + offset].AsSpan(offset, length), checkFinite: true));
        }
    }

    [Fact]
    public void Smote_on_a_large_table_names_the_first_non_finite_feature_found_while_copying()
    {
        // 40,000 rows of 32: the output pass is split over the cores and uses the streaming copy.
        var table = SamplingTestData.Table([36_000, 4_000], 32, seed: 5);
        var x = table.GetColumn<PipelineExtensions.Data.VectorColumn>("Features").Data.ToArray();
        x[39_000 * 32 + 31] = float.PositiveInfinity;
        x[25_123 * 32 + 4] = float.NaN;
        Assert.Contains("'Features' has NaN at row 25123, element 4", Error(x));
        x[15_001 * 32] = float.NegativeInfinity; // in the first part now: it wins
        Assert.Contains("'Features' has -Infinity at row 15001, element 0", Error(x));

        string Error(float[] features)
        {
            var bad = table.WithColumn(new PipelineExtensions.Data.VectorColumn("Features", PipelineExtensions.Data.ColumnType.Vector(32), (float[])features.Clone()));
            return Assert.Throws<ArgumentException>(() => new Smote(new SmoteOptions(), 1).FitResample(bad)).Message;
        }
    }
}
