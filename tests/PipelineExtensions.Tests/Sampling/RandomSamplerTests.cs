using CsCheck;
using PipelineExtensions.Data;
using PipelineExtensions.Pipeline;
using PipelineExtensions.Sampling;

namespace PipelineExtensions.Tests.Sampling;

public class RandomSamplerTests
{
    private static readonly Gen<int[]> Counts = Gen.Int[2, 5].SelectMany(k => Gen.Int[1, 80].Array[k]);

    [Fact]
    public void Random_under_sampler_keeps_only_original_rows_in_input_order_at_target_counts()
    {
        Gen.Select(Counts, Gen.Bool, Gen.Int).Sample((counts, replacement, seed) =>
        {
            var table = SamplingTestData.Table(counts, 2, seed);
            var result = new RandomUnderSampler(new RandomUnderSamplerOptions { Replacement = replacement }, seed).FitResample(table);
            int min = counts.Min();
            Assert.All(SamplingTestData.Counts(result.Table), n => Assert.Equal(min, n));
            var x = table.GetColumn<VectorColumn>("Features");
            var outX = result.Table.GetColumn<VectorColumn>("Features");
            var ids = result.Table.GetColumn<TextColumn>("Id");
            for (int i = 0; i < result.Table.RowCount; i++)
            {
                int s = result.SourceRows[i];
                Assert.True(outX.Row(i).SequenceEqual(x.Row(s)));
                Assert.Equal($"row{s}", ids[i]);
                Assert.NotEqual(RowOrigin.Synthetic, result.Origins[i]);
                if (i > 0)
                    Assert.True(result.SourceRows[i - 1] <= s);
                if (!replacement)
                    Assert.Equal(RowOrigin.Original, result.Origins[i]);
            }
        }, iter: 80);
    }

    [Fact]
    public void Random_over_sampler_appends_copies_of_the_targeted_class_rows()
    {
        Gen.Select(Counts, Gen.Int).Sample((counts, seed) =>
        {
            var table = SamplingTestData.Table(counts, 3, seed);
            var result = new PipelineContext(seed).Sampling.RandomOverSampler().FitResample(table);
            Assert.All(SamplingTestData.Counts(result.Table), n => Assert.Equal(counts.Max(), n));
            var x = table.GetColumn<VectorColumn>("Features");
            var y = table.GetColumn<KeyColumn>("Label");
            var outX = result.Table.GetColumn<VectorColumn>("Features");
            var outY = result.Table.GetColumn<KeyColumn>("Label");
            var w = result.Table.GetColumn<ScalarColumn<float>>("Weight");
            for (int i = 0; i < result.Table.RowCount; i++)
            {
                int s = result.SourceRows[i];
                Assert.Equal(i < table.RowCount ? RowOrigin.Original : RowOrigin.Duplicate, result.Origins[i]);
                Assert.True(outX.Row(i).SequenceEqual(x.Row(s)));
                Assert.Equal(y[s], outY[i]);
                Assert.Equal(1f + s, w[i]);
                if (i > table.RowCount)
                    Assert.True(outY[i - 1] <= outY[i], "added rows come class by class");
            }
        }, iter: 80);
    }

    [Fact]
    public void Balanced_data_is_unchanged_by_every_random_sampler()
    {
        var table = SamplingTestData.Table([9, 9, 9], 2);
        foreach (var sampler in new Sampler[] { new RandomOverSampler(new(), 1), new RandomUnderSampler(new(), 1) })
        {
            var result = sampler.FitResample(table);
            Assert.Equal(Enumerable.Range(0, table.RowCount), result.SourceRows.ToArray());
        }
    }

    [Fact]
    public void Image_rows_are_duplicated_as_they_are()
    {
        var images = new float[6 * 2 * 3 * 3];
        for (int i = 0; i < images.Length; i++)
            images[i] = i;
        var table = new DataTable(
            new VectorColumn("Image", ColumnType.Image(2, 3, 3), images),
            new KeyColumn("Label", ColumnType.Key(["a", "b"]), [0, 0, 0, 0, 1, 1]));
        var result = new PipelineContext(3).Sampling.RandomOverSampler("Image").FitResample(table);
        var outImages = result.Table.GetColumn<VectorColumn>("Image");
        Assert.Equal(ColumnType.Image(2, 3, 3), outImages.Type);
        Assert.Equal(8, result.Table.RowCount);
        for (int i = 6; i < 8; i++)
            Assert.True(outImages.Row(i).SequenceEqual(table.GetColumn<VectorColumn>("Image").Row(result.SourceRows[i])));
    }

    [Fact]
    public void Smoothed_bootstrap_adds_noise_scaled_by_the_class_spread()
    {
        var table = SamplingTestData.Table([400, 100], 3, 9);
        var result = new RandomOverSampler(new RandomOverSamplerOptions { Shrinkage = 1.0 }, 4).FitResample(table);
        Assert.Equal(300, result.CountOf(RowOrigin.Synthetic));
        var x = table.GetColumn<VectorColumn>("Features");
        var outX = result.Table.GetColumn<VectorColumn>("Features");
        // Noise std per feature = (4 / ((d + 2) n))^(1/(d + 4)) · σ_class ≈ 0.42 · 1 for d = 3, n = 500.
        double expectedStd = Math.Pow(4.0 / (5.0 * 500), 1.0 / 7), sum2 = 0;
        int count = 0;
        for (int i = table.RowCount; i < result.Table.RowCount; i++)
            for (int j = 0; j < 3; j++, count++)
                sum2 += Math.Pow(outX.Row(i)[j] - x.Row(result.SourceRows[i])[j], 2);
        Assert.InRange(Math.Sqrt(sum2 / count), expectedStd * 0.85, expectedStd * 1.15);
        var zero = new RandomOverSampler(new RandomOverSamplerOptions { Shrinkage = 0 }, 4).FitResample(table);
        for (int i = table.RowCount; i < zero.Table.RowCount; i++)
            Assert.True(zero.Table.GetColumn<VectorColumn>("Features").Row(i).SequenceEqual(x.Row(zero.SourceRows[i])));
    }

    [Fact]
    public void Sampler_in_a_chain_resamples_training_rows_only_and_saves_as_pass_through()
    {
        var ctx = new PipelineContext(2);
        var table = SamplingTestData.Table([40, 10], 2);
        var sampler = ctx.Sampling.RandomOverSampler();
        var resampled = sampler.ApplyForTraining(table);
        Assert.Equal(80, resampled.RowCount);
        var fitted = sampler.Fit(table);
        Assert.Same(table, fitted.Transform(table));
        Assert.Equal("RandomOverSampler", fitted.StepName);
        Assert.IsType<PassThroughTransformer>(fitted);
    }

    [Fact]
    public void Synthetic_column_is_added_on_request()
    {
        var table = SamplingTestData.Table([30, 10], 2);
        var result = new PipelineContext(2).Sampling.Smote().FitResample(table);
        var flagged = result.WithSyntheticColumn();
        var flags = flagged.GetColumn<ScalarColumn<bool>>("IsSynthetic").Values.ToArray();
        Assert.Equal(result.SyntheticMask(), flags);
        Assert.Equal(20, flags.Count(f => f));
    }

    [Theory]
    [InlineData(32)] // whole-vector rows
    [InlineData(13)] // rows of odd length
    public void Large_random_over_sampling_draws_one_uniform_stream_per_class_and_copies_each_drawn_row(int dimension)
    {
        // Large enough (tens of thousands of added rows) for the copies to be split over the cores.
        var counts = new[] { 90_000, 700, 1500 };
        var table = SamplingTestData.Table(counts, dimension, seed: 3);
        var result = new RandomOverSampler(new RandomOverSamplerOptions(), 11).FitResample(table);
        var x = table.GetColumn<VectorColumn>("Features");
        var y = table.GetColumn<KeyColumn>("Label");
        var outX = result.Table.GetColumn<VectorColumn>("Features");
        var outY = result.Table.GetColumn<KeyColumn>("Label");
        int row = table.RowCount;
        Assert.Equal(table.RowCount + 2 * 90_000 - 700 - 1500, result.Table.RowCount);
        for (int i = 0; i < table.RowCount; i++)
        {
            Assert.Equal(i, result.SourceRows[i]);
            Assert.Equal(RowOrigin.Original, result.Origins[i]);
            Assert.Equal(y[i], outY[i]);
            Assert.True(outX.Row(i).SequenceEqual(x.Row(i)));
        }
        for (int c = 1; c < counts.Length; c++)
        {
            // The documented draw: class c's rows, uniformly with replacement, from the stream derived from (seed, c).
            var classRows = Enumerable.Range(0, table.RowCount).Where(i => y[i] == c).ToArray();
            var rng = PipelineExtensions.Randomness.SeededRandom.Derive(11, c);
            for (int n = 0; n < counts[0] - counts[c]; n++, row++)
            {
                int s = classRows[rng.NextInt(classRows.Length)];
                Assert.Equal(s, result.SourceRows[row]);
                Assert.Equal(RowOrigin.Duplicate, result.Origins[row]);
                Assert.Equal(c, outY[row]);
                Assert.True(outX.Row(row).SequenceEqual(x.Row(s)));
            }
        }
        Assert.Equal(result.Table.RowCount, row);
        Assert.Equal(result.Table.RowCount, result.NeighbourRows.Length);
        Assert.All(result.NeighbourRows.ToArray(), nn => Assert.Equal(-1, nn));
    }
}
