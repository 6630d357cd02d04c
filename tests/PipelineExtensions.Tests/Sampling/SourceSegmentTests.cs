using CsCheck;
using PipelineExtensions.Randomness;
using PipelineExtensions.Sampling.Neighbors;

namespace PipelineExtensions.Tests.Sampling;

/// <summary>
/// Segments that read their rows in place (<see cref="PackedRows"/> over a source array and a row map, as
/// <see cref="ClassSearch"/> builds them from the table): the packed copy made on demand equals packing at once, and
/// every cross search through them (screened, where the exact recompute reads the source; direct, where the packed
/// copy is made) returns exactly the lists of the same search on gathered rows, and the naive search's.
/// </summary>
public class SourceSegmentTests
{
    private static readonly int[] Dimensions = [1, 3, 5, 31, 32, 33];

    private static readonly Gen<(int Kind, int N, int D, int K, long Seed)> Cases =
        from kind in Gen.Int[0, 7]
        from n in Gen.Int[3, 300]
        from di in Gen.Int[0, Dimensions.Length - 1]
        from k in Gen.Int[1, 6]
        from seed in Gen.Long
        select (kind, n, Dimensions[di], k, seed);

    // Rows of "class 0" (about a third) and the others, in table order, as ClassSearch picks them.
    private static (int[] Class, int[] Other) Split(int n, long seed)
    {
        var rng = new SeededRandom(seed);
        var cls = new List<int>();
        var other = new List<int>();
        for (int i = 0; i < n; i++)
            (rng.NextInt(3) == 0 ? cls : other).Add(i);
        return (cls.ToArray(), other.ToArray());
    }

    private static float[] Gather(float[] x, int[] rows, int d) => rows.SelectMany(r => x.AsSpan(r * d, d).ToArray()).ToArray();

    private static float[] Table(int kind, int n, int d, long seed)
    {
        if (kind < 7)
            return NeighbourScreenTests.Adversarial(kind, n, d, seed);
        var rng = new SeededRandom(seed);
        return Enumerable.Range(0, n * d).Select(_ => (float)rng.NextGaussian()).ToArray();
    }

    [Fact]
    public void Packing_on_demand_from_a_source_equals_packing_at_once()
    {
        Cases.Sample(t =>
        {
            var x = Table(t.Kind, t.N, t.D, t.Seed);
            var (_, rows) = Split(t.N, t.Seed);
            var gathered = Gather(x, rows, t.D);
            var eager = new PackedRows(gathered, rows.Length, t.D);
            var lazy = new PackedRows(x, rows, rows.Length, t.D);
            var identity = new PackedRows(gathered, null, rows.Length, t.D);
            foreach (var p in new[] { eager, lazy, identity })
            {
                Assert.Equal(eager.PaddedCount, p.PaddedCount);
                for (int i = 0; i < rows.Length; i++)
                    for (int f = 0; f < t.D; f++)
                        Assert.Equal(gathered[i * t.D + f], p.Rows[p.Start(i) + f * p.Step]);
            }
            Assert.Same(x, lazy.Rows);
            Assert.Equal(1, lazy.Step);
            Assert.Equal(eager.Data, lazy.Data);
            Assert.Equal(eager.Data, identity.Data);
        }, iter: 100);
    }

    [Fact]
    public void Cross_searches_through_row_maps_equal_searches_on_gathered_rows_and_naive_search()
    {
        Cases.Sample(t =>
        {
            int d = t.D;
            var x = Table(t.Kind, t.N, d, t.Seed);
            var (cls, other) = Split(t.N, t.Seed);
            int nq = cls.Length, no = other.Length, n = nq + no;
            if (nq < 2 || no < 1)
                return;
            var q = Gather(x, cls, d);
            var all = q.Concat(Gather(x, other, d)).ToArray();
            int kAll = Math.Min(t.K, n - 1), kSame = Math.Min(t.K, nq - 1), kOther = Math.Min(t.K, no);
            NeighbourSpec[] specs = [new(kAll, ClassSearch.All), new(kSame, ClassSearch.Same), new(kOther, ClassSearch.Other)];
            int[][] naive =
            [
                NeighbourScreenTests.Naive(q, nq, all, n, d, kAll, (i, j) => i != j),
                NeighbourScreenTests.Naive(q, nq, all, n, d, kSame, (i, j) => i != j && j < nq),
                NeighbourScreenTests.Naive(q, nq, all, n, d, kOther, (i, j) => j >= nq),
            ];
            foreach (bool symmetric in new[] { false, true })
                foreach (bool screen in new[] { false, true })
                {
                    // The class rows gathered (as ClassSearch's queries) or read through their own map; the others in place.
                    var gathered = new[] { new PackedRows(q, nq, d), new PackedRows(all.AsSpan(nq * d), no, d) };
                    var inPlace = new[] { new PackedRows(q, null, nq, d), new PackedRows(x, other, no, d) };
                    var mapped = new[] { new PackedRows(x, cls, nq, d), new PackedRows(x, other, no, d) };
                    int[] excluded = symmetric ? [] : Enumerable.Range(0, nq).ToArray();
                    var expected = NearestNeighbours.Cross(q, nq, d, excluded, gathered, specs, symmetric, screen);
                    Assert.Equal(naive, expected);
                    Assert.Equal(expected, NearestNeighbours.Cross(q, nq, d, excluded, inPlace, specs, symmetric, screen));
                    Assert.Equal(expected, NearestNeighbours.Cross(q, nq, d, excluded, mapped, specs, symmetric, screen));
                }
        }, iter: 60);
    }
}
