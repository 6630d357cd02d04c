using CsCheck;
using PipelineExtensions.Data;
using PipelineExtensions.Sampling;
using PipelineExtensions.Sampling.Neighbors;

namespace PipelineExtensions.Tests.Sampling;

public class KdTreeTests
{
    private static readonly Gen<(int Kind, int N, int D, int K, int Leaf, long Seed)> Cases =
        from kind in Gen.Int[0, 4]
        from n in Gen.Frequency((3, Gen.Int[1, 40]), (3, Gen.Int[41, 400]), (1, Gen.Int[401, 2500]))
        from d in Gen.Int[1, 12]
        from k in Gen.Int[1, 20]
        from leafChoice in Gen.Int[0, 4]
        let leaf = new[] { 1, 3, 8, 32, 128 }[leafChoice]
        from seed in Gen.Long
        select (kind, n, d, k, leaf, seed);

    [Fact]
    public void Tree_self_search_equals_naive_search_including_ties_and_short_lists()
    {
        Cases.Sample(t =>
        {
            var x = KdTreeTestData.Table(t.Kind, t.N, t.D, t.Seed);
            // Against the brute-force search (also with sentinels when k ≥ n) and, where every list
            // is full, the naive one.
            var tree = KdTreeSearch.Self(x, t.N, t.D, t.K, t.Leaf);
            Assert.Equal(NearestNeighbours.Self(x, t.N, t.D, t.K, screen: false), tree);
            if (t.K <= t.N - 1)
                Assert.Equal(NeighbourScreenTests.Naive(x, t.N, x, t.N, t.D, t.K, (i, j) => i != j), tree);
        }, iter: 300);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(31, 2, 5)]
    [InlineData(32, 3, 5)]
    [InlineData(33, 3, 5)]
    [InlineData(5_000, 2, 5)]
    [InlineData(3_000, 6, 16)]
    public void Leaf_size_edges_and_deep_trees_match_naive(int n, int d, int k)
    {
        for (int kind = 0; kind <= 4; kind++)
        {
            var x = KdTreeTestData.Table(kind, n, d, seed: n + kind);
            int kk = Math.Min(k, Math.Max(1, n - 1));
            var expected = n > 1 ? NeighbourScreenTests.Naive(x, n, x, n, d, kk, (i, j) => i != j) : NearestNeighbours.Self(x, n, d, kk, screen: false);
            Assert.Equal(expected, KdTreeSearch.Self(x, n, d, kk));
        }
    }

    [Fact]
    public void Tree_is_balanced_with_bounded_leaves_and_every_row_once()
    {
        var x = KdTreeTestData.Table(2, 4_321, 3, 7);
        var tree = new KdTree(x, 4_321, 3, 0, 32);
        var seen = new bool[4_321];
        for (int j = 0; j < tree.Leaves; j++)
        {
            int size = tree.LeafStart(j + 1) - tree.LeafStart(j);
            Assert.InRange(size, 16, 32);
            for (int p = tree.LeafStart(j); p < tree.LeafStart(j + 1); p++)
                seen[tree.IndexAt(p)] = true;
        }
        Assert.All(seen, Assert.True);
    }

    [Fact]
    public void Gate_picks_the_tree_only_for_finite_rows_and_the_public_search_agrees_with_brute_force()
    {
        var x = KdTreeTestData.Table(0, 6_000, 3, 11);
        Assert.NotNull(KdTreeSearch.TrySelf(x, 6_000, 3, 5));
        Assert.Equal(NearestNeighbours.Self(x, 6_000, 3, 5, screen: false), NearestNeighbours.Self(x, 6_000, 3, 5));
        x[4 * 3 + 1] = float.NaN;
        Assert.Null(KdTreeSearch.TrySelf(x, 6_000, 3, 5));
        x[4 * 3 + 1] = float.PositiveInfinity;
        Assert.Null(KdTreeSearch.TrySelf(x, 6_000, 3, 5));
        Assert.Null(KdTreeSearch.TrySelf(new float[6_000 * 64], 6_000, 64, 5));
    }

    [Theory]
    [InlineData(2, 6_000)]
    [InlineData(3, 30_000)]
    public async Task Smote_on_low_dimensional_data_is_identical_on_the_tree_and_brute_force_paths(int d, int n)
    {
        // 1:4 on a quarter grid (ties): the minority search (~n / 5 rows) passes the gate.
        var (x, y) = KdTreeTestData.ImbalancedGrid(n, d, d);
        Assert.True(KdTreeSearch.Wins(y.Count(v => v == 1), d, 5));
        await KdTreeTestData.AssertTreeAndBruteForceAgree(() => new Smote(new SmoteOptions { NeighbourCount = 5 }, 3), x, y, d);
    }

    [Fact]
    public void Adaptive_gate_takes_the_tree_on_plane_data_and_the_brute_force_on_gaussian_data_at_d_12()
    {
        const int n = 20_000, d = 12;
        Assert.False(KdTreeSearch.Wins(n, d, 5));
        Assert.True(KdTreeSearch.MayWin(n, d, 5));
        Assert.False(KdTreeSearch.MayWin(n, 32, 5));
        Assert.False(KdTreeSearch.MayWin(n - 1, d, 5));
        var (plane, _) = KdTreeTestData.Plane(n, d, 7);
        var tree = KdTreeSearch.TreeIfWins(plane, n, d, 5);
        Assert.NotNull(tree);
        // Deterministic: the same sample, the same decision.
        Assert.Equal(KdTreeSearch.ProbeMeanScanned(tree!, 5, double.PositiveInfinity), KdTreeSearch.ProbeMeanScanned(tree!, 5, double.PositiveInfinity));
        Assert.Equal(NearestNeighbours.Self(plane, n, d, 5, screen: false), NearestNeighbours.Self(plane, n, d, 5));
        var gauss = KdTreeTestData.Table(0, n, d, 7);
        Assert.Null(KdTreeSearch.TreeIfWins(gauss, n, d, 5));
        // Past the pre-check too: the full tree's sample alone says brute force.
        var full = new KdTree(gauss, n, d);
        Assert.True(KdTreeSearch.ProbeMeanScanned(full, 5, double.PositiveInfinity) > KdTreeSearch.MaxMeanScanned(n));
    }

    [Fact]
    public async Task Smote_on_plane_data_at_d_12_takes_the_tree_and_equals_the_brute_force()
    {
        const int d = 12;
        var (x, y) = KdTreeTestData.Plane(46_000, d, 5, minority: 0.45);
        int minority = y.Count(v => v == 1);
        var rows = Enumerable.Range(0, y.Length).Where(i => y[i] == 1).SelectMany(i => x.AsSpan(i * d, d).ToArray()).ToArray();
        Assert.NotNull(KdTreeSearch.TreeIfWins(rows, minority, d, 5));
        await KdTreeTestData.AssertTreeAndBruteForceAgree(() => new Smote(new SmoteOptions { NeighbourCount = 5 }, 3), x, y, d);
    }
}
