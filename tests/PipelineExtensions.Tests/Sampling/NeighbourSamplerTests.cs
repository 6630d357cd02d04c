using CsCheck;
using PipelineExtensions.Data;
using PipelineExtensions.Sampling;

namespace PipelineExtensions.Tests.Sampling;

/// <summary>Invariants of Borderline-SMOTE, ADASYN, Tomek links, ENN and the combined samplers.</summary>
public class NeighbourSamplerTests
{
    private static readonly Gen<(int[] Counts, int Seed)> Data =
        Gen.Select(Gen.Int[2, 3].SelectMany(k => Gen.Int[12, 70].Array[k]), Gen.Int[0, 1000]);

    private static int[] KNearest(VectorColumn x, KeyColumn y, int s, int k, Func<int, bool> allowed)
    {
        double Dist(int j)
        {
            double d = 0;
            for (int f = 0; f < x.Size; f++)
                d += Math.Pow(x.Row(s)[f] - (double)x.Row(j)[f], 2);
            return d;
        }
        return Enumerable.Range(0, x.Length).Where(j => j != s && allowed(j)).OrderBy(Dist).ThenBy(j => j).Take(k).ToArray();
    }

    [Theory]
    [InlineData(BorderlineKind.Borderline1)]
    [InlineData(BorderlineKind.Borderline2)]
    public void Borderline_rows_come_from_danger_seeds_towards_their_neighbours(BorderlineKind kind)
    {
        Data.Sample(t =>
        {
            var table = SamplingTestData.Table(t.Counts, 3, t.Seed);
            var sampler = new PipelineContext(t.Seed).Sampling.BorderlineSmote(kind: kind, neighbourCount: 3, dangerNeighbourCount: 6);
            var result = sampler.FitResample(table);
            var x = table.GetColumn<VectorColumn>("Features");
            var y = table.GetColumn<KeyColumn>("Label");
            var outX = result.Table.GetColumn<VectorColumn>("Features");
            var danger = new HashSet<int>(Enumerable.Range(0, t.Counts.Length).SelectMany(c => sampler.DangerRows(table, $"c{c}")));
            int max = t.Counts.Max();
            var after = SamplingTestData.Counts(result.Table);
            for (int c = 0; c < t.Counts.Length; c++)
            {
                bool hasDanger = Enumerable.Range(0, x.Length).Any(i => y[i] == c && danger.Contains(i));
                int expected = t.Counts[c] == max || !hasDanger ? t.Counts[c] : max;
                // Borderline-2 makes ⌊f(n+1)⌋ + ⌊(1−f)n⌋ rows: n or n − 1.
                Assert.InRange(after[c], kind == BorderlineKind.Borderline2 && expected != t.Counts[c] ? expected - 1 : expected, expected);
            }
            for (int i = table.RowCount; i < result.Table.RowCount; i++)
            {
                int s = result.SourceRows[i], nn = result.NeighbourRows[i];
                Assert.Contains(s, danger);
                bool same = y[nn] == y[s];
                Assert.True(same || kind == BorderlineKind.Borderline2);
                Assert.Contains(nn, KNearest(x, y, s, 3, j => (y[j] == y[s]) == same));
                SmoteTests.AssertOnSegment(x.Row(s), x.Row(nn), outX.Row(i), same ? 1 : 0.5);
            }
        }, iter: 40);
    }

    [Fact]
    public void Adasyn_rows_lie_on_segments_and_follow_the_generation_counts()
    {
        Data.Sample(t =>
        {
            var table = SamplingTestData.Table(t.Counts, 3, t.Seed);
            var sampler = new PipelineContext(t.Seed).Sampling.Adasyn(neighbourCount: 4);
            SamplingResult result;
            try
            {
                result = sampler.FitResample(table);
            }
            catch (InvalidOperationException e) when (e.Message.Contains("ADASYN"))
            {
                return; // a class with no other-class neighbour at all: ADASYN is undefined there (imbalanced-learn raises too).
            }
            var x = table.GetColumn<VectorColumn>("Features");
            var y = table.GetColumn<KeyColumn>("Label");
            var outX = result.Table.GetColumn<VectorColumn>("Features");
            var perSeed = new Dictionary<int, int>();
            for (int i = table.RowCount; i < result.Table.RowCount; i++)
            {
                int s = result.SourceRows[i], nn = result.NeighbourRows[i];
                perSeed[s] = perSeed.GetValueOrDefault(s) + 1;
                Assert.Contains(nn, KNearest(x, y, s, 4, j => y[j] == y[s]));
                SmoteTests.AssertOnSegment(x.Row(s), x.Row(nn), outX.Row(i));
            }
            int max = t.Counts.Max();
            for (int c = 0; c < t.Counts.Length; c++)
            {
                if (t.Counts[c] == max)
                    continue;
                var expected = sampler.GenerationCounts(table, $"c{c}", max - t.Counts[c]);
                Assert.Equal(expected, perSeed.Where(p => y[p.Key] == c).OrderBy(p => p.Key).ToDictionary());
            }
        }, iter: 40);
    }

    [Fact]
    public void Tomek_links_are_mutual_nearest_neighbours_of_different_classes()
    {
        Data.Sample(t =>
        {
            var table = SamplingTestData.Table(t.Counts, 2, t.Seed);
            var x = table.GetColumn<VectorColumn>("Features");
            var y = table.GetColumn<KeyColumn>("Label");
            var tomek = new PipelineContext(1).Sampling.TomekLinks(strategy: SamplingStrategy.All);
            var links = tomek.Links(table);
            var nearest = Enumerable.Range(0, x.Length).Select(i => KNearest(x, y, i, 1, _ => true)[0]).ToArray();
            var expected = Enumerable.Range(0, x.Length).Where(i => nearest[i] > i && nearest[nearest[i]] == i && y[i] != y[nearest[i]]).Select(i => (i, nearest[i]));
            Assert.Equal(expected, links);
            var kept = tomek.FitResample(table).SourceRows.ToArray();
            Assert.Equal(Enumerable.Range(0, x.Length).Except(links.SelectMany(l => new[] { l.First, l.Second })), kept);
        }, iter: 40);
    }

    [Fact]
    public void Combined_samplers_trace_rows_back_to_the_input()
    {
        var table = SamplingTestData.Table([120, 30, 15], 3, 7);
        var ctx = new PipelineContext(4);
        foreach (var sampler in new Sampler[] { ctx.Sampling.SmoteTomek(), ctx.Sampling.SmoteEnn() })
        {
            var result = sampler.FitResample(table);
            var smote = new Smote(new SmoteOptions(), sampler.Seed).FitResample(table);
            Assert.True(result.Table.RowCount < smote.Table.RowCount, $"{sampler.StepName} removed rows");
            var outX = result.Table.GetColumn<VectorColumn>("Features");
            var smoteX = smote.Table.GetColumn<VectorColumn>("Features");
            var x = table.GetColumn<VectorColumn>("Features");
            for (int i = 0; i < result.Table.RowCount; i++)
                if (result.Origins[i] == RowOrigin.Original)
                    Assert.True(outX.Row(i).SequenceEqual(x.Row(result.SourceRows[i])));
            // The combined output is a subset of SMOTE's output with the same seed.
            var smoteRows = Enumerable.Range(0, smote.Table.RowCount).Select(i => string.Join(",", smoteX.Row(i).ToArray())).ToHashSet();
            for (int i = 0; i < result.Table.RowCount; i++)
                Assert.Contains(string.Join(",", outX.Row(i).ToArray()), smoteRows);
        }
    }
}
