using CsCheck;
using PipelineExtensions.Data;
using PipelineExtensions.Sampling;

namespace PipelineExtensions.Tests.Sampling;

public class SmoteTests
{
    private static readonly Gen<int[]> Counts = Gen.Int[2, 4].SelectMany(k => Gen.Int[7, 60].Array[k]);

    [Fact]
    public void Every_synthetic_row_lies_on_a_segment_to_one_of_its_seeds_k_nearest_same_class_neighbours()
    {
        Gen.Select(Counts, Gen.Int[1, 5], Gen.Int[1, 6], Gen.Int).Sample((counts, k, d, seed) =>
        {
            var table = SamplingTestData.Table(counts, d, seed);
            var result = new PipelineContext(seed).Sampling.Smote(neighbourCount: k).FitResample(table);
            var x = table.GetColumn<VectorColumn>("Features");
            var y = table.GetColumn<KeyColumn>("Label");
            var outX = result.Table.GetColumn<VectorColumn>("Features");
            var outY = result.Table.GetColumn<KeyColumn>("Label");
            for (int i = 0; i < result.Table.RowCount; i++)
            {
                int s = result.SourceRows[i];
                Assert.Equal(y[s], outY[i]);
                if (result.Origins[i] != RowOrigin.Synthetic)
                {
                    Assert.True(outX.Row(i).SequenceEqual(x.Row(s)));
                    continue;
                }
                int nn = result.NeighbourRows[i];
                Assert.Equal(y[s], y[nn]);
                Assert.Contains(nn, KNearestSameClass(x, y, s, k));
                AssertOnSegment(x.Row(s), x.Row(nn), outX.Row(i));
            }
        }, iter: 60);
    }

    internal static int[] KNearestSameClass(VectorColumn x, KeyColumn y, int s, int k) =>
        Enumerable.Range(0, x.Length).Where(j => j != s && y[j] == y[s])
            .Select(j => (D: Distance(x.Row(s), x.Row(j)), J: j)).OrderBy(t => t.D).ThenBy(t => t.J).Take(k).Select(t => t.J).ToArray();

    private static double Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
            s += (a[i] - b[i]) * (double)(a[i] - b[i]);
        return s;
    }

    /// <summary>p = a + t·(b − a) for one t in [0, 1] shared by every coordinate (float rounding tolerated).</summary>
    internal static void AssertOnSegment(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> p, double maxT = 1)
    {
        int best = 0;
        for (int j = 1; j < a.Length; j++)
            if (Math.Abs(b[j] - a[j]) > Math.Abs(b[best] - a[best]))
                best = j;
        double span = b[best] - a[best];
        double t = span == 0 ? 0 : (p[best] - a[best]) / span;
        Assert.InRange(t, -1e-6, maxT + 1e-6);
        for (int j = 0; j < a.Length; j++)
        {
            double expected = a[j] + t * (b[j] - a[j]);
            Assert.True(Math.Abs(p[j] - expected) <= 1e-5 * (1 + Math.Abs(a[j]) + Math.Abs(b[j])), $"coordinate {j}: {p[j]} vs {expected} (t = {t})");
        }
    }

    [Fact]
    public void Counts_equal_the_strategy_targets_and_originals_come_first_unchanged()
    {
        Gen.Select(Counts, Gen.Int).Sample((counts, seed) =>
        {
            var table = SamplingTestData.Table(counts, 4, seed);
            var result = new PipelineContext(seed).Sampling.Smote(neighbourCount: 3).FitResample(table);
            int max = counts.Max();
            Assert.All(SamplingTestData.Counts(result.Table), n => Assert.Equal(max, n));
            for (int i = 0; i < table.RowCount; i++)
            {
                Assert.Equal(RowOrigin.Original, result.Origins[i]);
                Assert.Equal(i, result.SourceRows[i]);
            }
            // Extra columns of synthetic rows come from the seed row.
            var ids = result.Table.GetColumn<TextColumn>("Id");
            for (int i = table.RowCount; i < result.Table.RowCount; i++)
                Assert.Equal($"row{result.SourceRows[i]}", ids[i]);
        }, iter: 40);
    }

    [Fact]
    public void Already_balanced_data_is_returned_unchanged()
    {
        var table = SamplingTestData.Table([12, 12, 12], 3, 4);
        var result = new PipelineContext(1).Sampling.Smote().FitResample(table);
        Assert.Equal(table.RowCount, result.Table.RowCount);
        Assert.True(result.Table.GetColumn<VectorColumn>("Features").Data.SequenceEqual(table.GetColumn<VectorColumn>("Features").Data));
        Assert.Equal(0, result.CountOf(RowOrigin.Synthetic));
    }

    [Fact]
    public void Same_seed_same_output_and_another_seed_another_output()
    {
        var table = SamplingTestData.Table([300, 40, 9000], 8, 2);
        var a = new Smote(new SmoteOptions(), 7).FitResample(table).Table.GetColumn<VectorColumn>("Features").Data.ToArray();
        var b = new Smote(new SmoteOptions(), 7).FitResample(table).Table.GetColumn<VectorColumn>("Features").Data.ToArray();
        var c = new Smote(new SmoteOptions(), 8).FitResample(table).Table.GetColumn<VectorColumn>("Features").Data.ToArray();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Missing_policy_blanks_extra_columns_of_synthetic_rows()
    {
        var table = SamplingTestData.Table([20, 8], 2, 3);
        var result = new Smote(new SmoteOptions { SyntheticRowValues = SyntheticRowValues.Missing }, 1).FitResample(table);
        var w = result.Table.GetColumn<ScalarColumn<float>>("Weight");
        var id = result.Table.GetColumn<TextColumn>("Id");
        for (int i = 0; i < result.Table.RowCount; i++)
        {
            bool synthetic = result.Origins[i] == RowOrigin.Synthetic;
            Assert.Equal(synthetic, float.IsNaN(w[i]));
            Assert.Equal(synthetic, id[i] is null);
        }
        var withInt = table.WithColumn(new ScalarColumn<int>("Count", new int[table.RowCount]));
        var e = Assert.Throws<ArgumentException>(() => new Smote(new SmoteOptions { SyntheticRowValues = SyntheticRowValues.Missing }, 1).FitResample(withInt));
        Assert.Contains("'Count'", e.Message);
    }
}
