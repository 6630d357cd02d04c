using CsCheck;
using PipelineExtensions.Sampling.Neighbors;

namespace PipelineExtensions.Tests.Sampling;

public class NeighbourListTests
{
    // Few rows, k across the one-vector (≤ 8), two-vector (9–16) and scalar (> 16) insertions, distances from a small set (many ties, +∞
    // included) and indices from a small range, so equal distances are ordered by index often.
    private static readonly Gen<(int Rows, int K, (int Row, float Distance, int Index)[] Offers, int Split)> Streams =
        from rows in Gen.Int[1, 6]
        from k in Gen.Int[1, 20]
        from offers in Gen.Select(Gen.Int[0, rows - 1], Gen.Int[-1, 8].Select(v => v < 0 ? float.PositiveInfinity : v * 0.5f), Gen.Int[0, 40]).Array[0, 160]
        from split in Gen.Int[0, 120]
        select (rows, k, offers, split);

    [Fact]
    public void Offers_keep_the_k_smallest_by_distance_then_index_and_merging_two_lists_equals_one()
    {
        Streams.Sample(t =>
        {
            var one = new NeighbourList(t.Rows, t.K);
            var first = new NeighbourList(t.Rows, t.K);
            var second = new NeighbourList(t.Rows, t.K);
            for (int p = 0; p < t.Offers.Length; p++)
            {
                var (row, distance, index) = t.Offers[p];
                one.Offer(row, distance, index);
                (p < t.Split ? first : second).Offer(row, distance, index);
            }
            first.MergeFrom(second);
            var (indices, distances) = Naive(t.Rows, t.K, t.Offers);
            foreach (var list in new[] { one, first })
            {
                Assert.Equal(indices, list.IndicesOf(t.Rows));
                Assert.Equal(distances, list.DistancesOf(t.Rows));
                for (int r = 0; r < t.Rows; r++)
                    Assert.Equal(distances[r * t.K + t.K - 1], list.Worst[r]);
            }
        }, iter: 2000);
    }

    [Fact]
    public void A_new_list_holds_only_sentinels()
    {
        var list = new NeighbourList(3, 5);
        Assert.All(list.IndicesOf(3), i => Assert.Equal(int.MaxValue, i));
        Assert.All(list.DistancesOf(3), d => Assert.Equal(float.PositiveInfinity, d));
        Assert.All(list.Worst, d => Assert.Equal(float.PositiveInfinity, d));
    }

    [Theory]
    [InlineData(5, 3)]
    [InlineData(11, 2)]
    public void Merged_indices_of_many_rows_split_over_cores_equal_one_list_of_every_offer(int k, int lists)
    {
        // Above ParallelMergeRows the merge runs in row parts: a row merged twice, or in no part, would differ from
        // the one list (a duplicate entry, or a row holding only the first list's entries).
        int rows = NeighbourList.ParallelMergeRows + 1003, asked = rows - 7;
        var rng = new PipelineExtensions.Randomness.SeededRandom(3);
        var one = new NeighbourList(rows, k);
        var parts = Enumerable.Range(0, lists).Select(_ => new NeighbourList(rows, k)).ToArray();
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < 3 * k; j++)
            {
                // Distinct candidates per row, distances on a coarse grid (ties broken by index).
                float distance = rng.NextInt(6) * 0.25f;
                int index = j * 7 + rng.NextInt(7);
                one.Offer(r, distance, index);
                parts[rng.NextInt(lists)].Offer(r, distance, index);
            }
        Assert.Equal(one.IndicesOf(asked), NeighbourList.MergedIndices(parts, asked));
    }

    // Every offer kept, sorted by (distance, index), the first k (padded with the sentinel).
    private static (int[] Indices, float[] Distances) Naive(int rows, int k, (int Row, float Distance, int Index)[] offers)
    {
        var indices = new int[rows * k];
        var distances = new float[rows * k];
        for (int r = 0; r < rows; r++)
        {
            var kept = offers.Where(o => o.Row == r).Select(o => (o.Distance, o.Index))
                .Concat(Enumerable.Repeat((float.PositiveInfinity, int.MaxValue), k))
                .OrderBy(o => o.Item1).ThenBy(o => o.Item2).Take(k).ToArray();
            for (int j = 0; j < k; j++)
                (distances[r * k + j], indices[r * k + j]) = kept[j];
        }
        return (indices, distances);
    }
}
