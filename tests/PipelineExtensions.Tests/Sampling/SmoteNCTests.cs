using CsCheck;
using PipelineExtensions.Data;
using PipelineExtensions.Randomness;
using PipelineExtensions.Sampling;

namespace PipelineExtensions.Tests.Sampling;

public class SmoteNCTests
{
    private static readonly string[] Colors = ["red", "green", "blue"];

    /// <summary>Features [x0, code, x2] (element 1 a category code 0..2), a Text category column and a Key label.</summary>
    private static DataTable Mixed(int[] counts, long seed)
    {
        var rng = new SeededRandom(seed);
        var labels = counts.SelectMany((n, c) => Enumerable.Repeat(c, n)).ToArray();
        rng.Shuffle(labels.AsSpan());
        int n = labels.Length;
        var x = new float[n * 3];
        var color = new string?[n];
        for (int i = 0; i < n; i++)
        {
            x[i * 3] = (float)(rng.NextGaussian() + labels[i]);
            x[i * 3 + 1] = (labels[i] + rng.NextInt(2)) % 3;
            x[i * 3 + 2] = (float)(rng.NextGaussian() * 2);
            color[i] = rng.NextInt(5) == 0 ? null : Colors[(labels[i] + rng.NextInt(2)) % 3];
        }
        return new DataTable(
            new VectorColumn("Features", ColumnType.Vector(3), x),
            new TextColumn("Color", color),
            new KeyColumn("Label", ColumnType.Key(SamplingTestData.ClassNames(counts.Length)), labels));
    }

    // Mixed squared distance of imbalanced-learn 0.10: continuous squared differences + m²/2 per differing category.
    private static double[] MixedDistances(DataTable t, int s, double m)
    {
        var x = t.GetColumn<VectorColumn>("Features");
        var color = t.GetColumn<TextColumn>("Color");
        return Enumerable.Range(0, t.RowCount).Select(j =>
            Math.Pow(x.Row(s)[0] - (double)x.Row(j)[0], 2) + Math.Pow(x.Row(s)[2] - (double)x.Row(j)[2], 2)
            + (x.Row(s)[1] != x.Row(j)[1] ? m * m / 2 : 0) + (color[s] != color[j] ? m * m / 2 : 0)).ToArray();
    }

    private static double MedianStdOfMinority(DataTable t)
    {
        var y = t.GetColumn<KeyColumn>("Label");
        var counts = y.CountPerClass();
        int minority = Array.IndexOf(counts, counts.Where(c => c > 0).Min());
        var x = t.GetColumn<VectorColumn>("Features");
        var rows = Enumerable.Range(0, t.RowCount).Where(i => y[i] == minority).ToArray();
        var std = new[] { 0, 2 }.Select(j =>
        {
            double mean = rows.Average(r => (double)x.Row(r)[j]);
            return Math.Sqrt(rows.Average(r => Math.Pow(x.Row(r)[j] - mean, 2)));
        }).Order().ToArray();
        return (std[0] + std[1]) / 2;
    }

    [Fact]
    public void Synthetic_rows_interpolate_continuous_features_and_vote_categories_from_the_mixed_metric_neighbours()
    {
        Gen.Select(Gen.Int[8, 40].Array[2], Gen.Int[0, 10000]).Sample((counts, seed) =>
        {
            var table = Mixed(counts, seed);
            var sampler = new SmoteNC(new SmoteNCOptions { CategoricalColumnNames = ["Color"], CategoricalFeatureIndices = [1], NeighbourCount = 3 }, seed);
            var result = sampler.FitResample(table);
            Assert.All(SamplingTestData.Counts(result.Table), n => Assert.Equal(counts.Max(), n));
            double m = MedianStdOfMinority(table);
            var x = table.GetColumn<VectorColumn>("Features");
            var y = table.GetColumn<KeyColumn>("Label");
            var color = table.GetColumn<TextColumn>("Color");
            var outX = result.Table.GetColumn<VectorColumn>("Features");
            var outColor = result.Table.GetColumn<TextColumn>("Color");
            for (int i = table.RowCount; i < result.Table.RowCount; i++)
            {
                int s = result.SourceRows[i], nn = result.NeighbourRows[i];
                var dist = MixedDistances(table, s, m);
                var knn = Enumerable.Range(0, table.RowCount).Where(j => j != s && y[j] == y[s]).OrderBy(j => dist[j]).ThenBy(j => j).Take(3).ToArray();
                // Float32 distances may reorder exact-near ties; require membership up to a relative 1e-5.
                double kth = dist[knn[^1]];
                Assert.True(dist[nn] <= kth * (1 + 1e-5) + 1e-9, $"neighbour {nn} of {s} is not among its 3 nearest");
                float[] a = [x.Row(s)[0], x.Row(s)[2]], b = [x.Row(nn)[0], x.Row(nn)[2]], p = [outX.Row(i)[0], outX.Row(i)[2]];
                SmoteTests.AssertOnSegment(a, b, p);
                // Categories: a most frequent value among the seed's k neighbours.
                var codes = knn.Select(j => x.Row(j)[1]).ToArray();
                Assert.Contains(outX.Row(i)[1], codes.GroupBy(v => v).Where(g => g.Count() == codes.GroupBy(v => v).Max(h => h.Count())).Select(g => g.Key));
                var colors = knn.Select(j => color[j] ?? "<null>").ToArray();
                int top = colors.GroupBy(v => v).Max(g => g.Count());
                Assert.Contains(outColor[i] ?? "<null>", colors.GroupBy(v => v).Where(g => g.Count() == top).Select(g => g.Key));
            }
        }, iter: 30);
    }

    [Fact]
    public void Bad_categorical_settings_are_refused_naming_them()
    {
        var table = Mixed([30, 10], 1);
        Assert.Throws<ArgumentException>(() => new SmoteNC(new SmoteNCOptions(), 1));
        var e = Assert.Throws<SchemaMismatchException>(() => new SmoteNC(new SmoteNCOptions { CategoricalColumnNames = ["Shape"] }, 1).FitResample(table));
        Assert.Equal("Shape", e.Column);
        var e2 = Assert.Throws<ArgumentOutOfRangeException>(() => new SmoteNC(new SmoteNCOptions { CategoricalFeatureIndices = [3] }, 1).FitResample(table));
        Assert.Contains("index 3", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() => new SmoteNC(new SmoteNCOptions { CategoricalFeatureIndices = [0, 1, 2] }, 1).FitResample(table));
        Assert.Contains("continuous", e3.Message);
    }

    [Fact]
    public void Same_seed_gives_the_same_rows()
    {
        var table = Mixed([300, 45], 3);
        var options = new SmoteNCOptions { CategoricalColumnNames = ["Color"], CategoricalFeatureIndices = [1] };
        var a = new SmoteNC(options, 5).FitResample(table).Table;
        var b = new SmoteNC(options, 5).FitResample(table).Table;
        Assert.Equal(a.GetColumn<VectorColumn>("Features").Data.ToArray(), b.GetColumn<VectorColumn>("Features").Data.ToArray());
        Assert.Equal(a.GetColumn<TextColumn>("Color").Values.ToArray(), b.GetColumn<TextColumn>("Color").Values.ToArray());
    }
}
