using CsCheck;
using PipelineExtensions.Data;
using PipelineExtensions.Sampling;
using PipelineExtensions.Sampling.Neighbors;

namespace PipelineExtensions.Tests.Sampling;

public class KdTreeCrossTests
{
    private static readonly Gen<(int Kind, int N, int D, int K, int Leaf, bool Symmetric, long Seed)> Cases =
        from kind in Gen.Int[0, 4]
        from n in Gen.Frequency((3, Gen.Int[4, 60]), (3, Gen.Int[61, 600]), (1, Gen.Int[601, 2000]))
        from d in Gen.Int[1, 12]
        from k in Gen.Int[1, 16]
        from leafChoice in Gen.Int[0, 4]
        from symmetric in Gen.Bool
        from seed in Gen.Long
        select (kind, n, d, k, new[] { 1, 3, 8, 32, 128 }[leafChoice], symmetric, seed);

    [Fact]
    public void Tree_cross_search_equals_brute_force_and_naive_for_every_list_with_exclusions_and_ties()
    {
        Cases.Sample(t =>
        {
            var x = KdTreeTestData.Table(t.Kind, t.N, t.D, t.Seed);
            // Queries are the first half of the rows; segment 0 = first half, segment 1 = the rest.
            int half = t.N / 2, d = t.D;
            var seg0 = new PackedRows(x, half, d);
            var seg1 = new PackedRows(x.AsSpan(half * d), t.N - half, d);
            int kAll = Math.Min(t.K, t.N - 1), kSame = Math.Max(1, Math.Min(t.K, half - 1)), kOther = Math.Min(t.K, t.N - half);
            NeighbourSpec[] specs = [new(kAll, 0b11), new(kSame, 0b01), new(kOther, 0b10)];
            // Without symmetry: query i excludes row i (its own), except every third query, which excludes nothing.
            var excluded = Enumerable.Range(0, half).Select(i => i % 3 == 2 ? -1 : i).ToArray();
            var ex = t.Symmetric ? [] : excluded;
            var rows = new[] { KdTreeCross.Unpack(seg0), KdTreeCross.Unpack(seg1) };
            var tree = KdTreeCross.Cross(x, half, d, ex, rows, [half, t.N - half], specs, t.Symmetric, t.Leaf);
            var brute = NearestNeighbours.Cross(x, half, d, ex, [seg0, seg1], specs, t.Symmetric, screen: false);
            for (int h = 0; h < specs.Length; h++)
                Assert.Equal(brute[h], tree[h]);
            bool Allowed(int i, int j) => t.Symmetric ? i != j : j != excluded[i];
            if (half > kSame)
                Assert.Equal(NeighbourScreenTests.Naive(x, half, x, t.N, d, kAll, Allowed), tree[0]);
            if (t.N - half >= kOther)
                Assert.Equal(NeighbourScreenTests.Naive(x, half, x, t.N, d, kOther, (i, j) => j >= half), tree[2]);
        }, iter: 200);
    }

    [Fact]
    public void Gate_sends_large_low_dimensional_searches_to_the_tree_and_others_to_brute_force()
    {
        var x = KdTreeTestData.Table(0, 60_000, 4, 5);
        var seg0 = new PackedRows(x, 12_000, 4);
        var seg1 = new PackedRows(x.AsSpan(12_000 * 4), 48_000, 4);
        NeighbourSpec[] specs = [new(5, 0b11)];
        Assert.NotNull(KdTreeCross.TryCross(x, 12_000, 4, [], [seg0, seg1], specs, true));
        Assert.Null(KdTreeCross.TryCross(x, 500, 4, [], [new PackedRows(x, 500, 4), seg1], specs, true));
        var wide = new float[3_000 * 40];
        Assert.Null(KdTreeCross.TryCross(wide, 1_500, 40, [], [new PackedRows(wide, 1_500, 40), new PackedRows(wide.AsSpan(1_500 * 40), 1_500, 40)], specs, true));
        x[12_000 * 4 + 7] = float.NaN; // a candidate row of segment 1
        Assert.Null(KdTreeCross.TryCross(x, 12_000, 4, [], [seg0, new PackedRows(x.AsSpan(12_000 * 4), 48_000, 4)], specs, true));
    }

    [Theory]
    [InlineData("adasyn")]
    [InlineData("borderline1")]
    [InlineData("borderline2")]
    public async Task Adasyn_and_borderline_on_low_dimensional_data_are_identical_on_the_tree_and_brute_force_paths(string sampler)
    {
        // 30,000 rows at 1:4 with d = 3 on a quarter grid (ties): minority 6,000 queries, 30,000 candidates.
        const int n = 30_000, d = 3;
        var (x, y) = KdTreeTestData.ImbalancedGrid(n, d, 17);
        Assert.True(KdTreeSearch.Wins(n, d, 10));
        Sampler Create() => sampler switch
        {
            "adasyn" => new Adasyn(new AdasynOptions { NeighbourCount = 5 }, 3),
            _ => new BorderlineSmote(new BorderlineSmoteOptions
            {
                NeighbourCount = 5,
                DangerNeighbourCount = 10,
                Kind = sampler == "borderline1" ? BorderlineKind.Borderline1 : BorderlineKind.Borderline2,
            }, 3),
        };
        await KdTreeTestData.AssertTreeAndBruteForceAgree(Create, x, y, d);
    }

    /// <summary>The class search's segments for the minority (label 1): its own rows (segment 0, the queries) and the others.</summary>
    private static (float[] Queries, int Count, float[][] Rows, int[] Counts) MinoritySegments(float[] x, int[] y, int d)
    {
        float[] Gather(int label) => Enumerable.Range(0, y.Length).Where(i => y[i] == label).SelectMany(i => x.AsSpan(i * d, d).ToArray()).ToArray();
        var same = Gather(1);
        var other = Gather(0);
        return (same, same.Length / d, [same, other], [same.Length / d, other.Length / d]);
    }

    [Fact]
    public async Task Adaptive_gate_takes_the_trees_for_adasyn_and_borderline_on_plane_data_at_d_12_and_the_brute_force_on_gaussian_data()
    {
        const int n = 60_000, d = 12;
        var (x, y) = KdTreeTestData.Plane(n, d, 9, minority: 0.2);
        var (q, nq, rows, counts) = MinoritySegments(x, y, d);
        Assert.False(KdTreeSearch.Wins(n, d, 10));
        // ADASYN: one list over both segments; Borderline: m = 10 over both, k = 5 over the class.
        NeighbourSpec[] adasyn = [new(5, ClassSearch.All)], borderline = [new(10, ClassSearch.All), new(5, ClassSearch.Same)];
        foreach (var specs in new[] { adasyn, borderline })
        {
            Assert.NotNull(KdTreeCross.TreesIfWin(q, nq, d, [], rows, counts, specs, true, specs.Max(s => s.K), KdTree.LeafSizeFor(d)));
            var (gq, gn, grows, gcounts) = MinoritySegments(KdTreeTestData.ImbalancedGrid(n, d, 9).X, KdTreeTestData.ImbalancedGrid(n, d, 9).Y, d);
            Assert.Null(KdTreeCross.TreesIfWin(gq, gn, d, [], grows, gcounts, specs, true, specs.Max(s => s.K), KdTree.LeafSizeFor(d)));
            // Past the pre-check too: the full trees' sample alone says brute force on Gaussian data.
            var full = KdTreeCross.BuildTrees(grows, gcounts, d, KdTree.LeafSizeFor(d));
            Assert.True(KdTreeCross.ProbeMeanScanned(gq, gn, d, [], full, specs, true, double.PositiveInfinity) > KdTreeCross.MaxMeanScanned(gn, gcounts, true));
        }
        // The packed pre-check that TryCross runs first gives the same answer on the same rows.
        PackedRows[] Pack(float[][] r, int[] c) => [new PackedRows(r[0], c[0], d), new PackedRows(r[1], c[1], d)];
        Assert.False(KdTreeCross.PrecheckRejects(Pack(rows, counts), d, 10));
        var (_, _, gaussRows, gaussCounts) = MinoritySegments(KdTreeTestData.ImbalancedGrid(n, d, 9).X, KdTreeTestData.ImbalancedGrid(n, d, 9).Y, d);
        Assert.True(KdTreeCross.PrecheckRejects(Pack(gaussRows, gaussCounts), d, 10));
        // d = 32 stays outside: nothing is built or sampled.
        Assert.False(KdTreeSearch.MayWin(n, 32, 10));
        await KdTreeTestData.AssertTreeAndBruteForceAgree(() => new Adasyn(new AdasynOptions { NeighbourCount = 5 }, 3), x, y, d);
        await KdTreeTestData.AssertTreeAndBruteForceAgree(() => new BorderlineSmote(new BorderlineSmoteOptions { NeighbourCount = 5, DangerNeighbourCount = 10 }, 3), x, y, d);
    }
}
