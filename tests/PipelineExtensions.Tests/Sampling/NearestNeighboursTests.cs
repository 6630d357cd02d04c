using CsCheck;
using PipelineExtensions.Sampling.Neighbors;

namespace PipelineExtensions.Tests.Sampling;

public class NearestNeighboursTests
{
    // The reference: every distance computed in the kernel's order (Σ fma over features), sorted by (distance, index).
    private static int[] Naive(float[] q, int nq, float[] x, int n, int d, int k, Func<int, int, bool> allowed)
    {
        var result = new int[nq * k];
        for (int i = 0; i < nq; i++)
        {
            var candidates = new List<(float D, int J)>();
            for (int j = 0; j < n; j++)
            {
                if (!allowed(i, j))
                    continue;
                float acc = 0;
                for (int f = 0; f < d; f++)
                {
                    float t = q[i * d + f] - x[j * d + f];
                    acc = MathF.FusedMultiplyAdd(t, t, acc);
                }
                candidates.Add((acc, j));
            }
            var best = candidates.OrderBy(c => c.D).ThenBy(c => c.J).Take(k).Select(c => c.J).ToArray();
            best.CopyTo(result, i * k);
        }
        return result;
    }

    // Small integer grids make exact ties common, so the tie rule (lower index first) is exercised.
    private static readonly Gen<(int N, int D, int K, float[] X)> Data =
        from n in Gen.Int[2, 90]
        from d in Gen.Int[1, 21]
        from k in Gen.Int[1, 7]
        from grid in Gen.Bool
        from x in (grid ? Gen.Int[-2, 2].Select(v => (float)v) : Gen.Float[-10f, 10f]).Array[n * d]
        select (n, d, Math.Min(k, n - 1), x);

    [Fact]
    public void Self_search_equals_naive_search_with_index_tie_break()
    {
        Data.Sample(t =>
        {
            var actual = NearestNeighbours.Self(t.X, t.N, t.D, t.K);
            var expected = Naive(t.X, t.N, t.X, t.N, t.D, t.K, (i, j) => i != j);
            Assert.Equal(expected, actual);
        }, iter: 150);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // segment 0 is the queries: class pairs computed once and offered to both rows
    public void Cross_search_keeps_each_list_over_its_segments_and_excludes_self(bool symmetric)
    {
        Data.Sample(t =>
        {
            // Queries are the first half of the rows; segment 0 = first half, segment 1 = the rest.
            int half = Math.Max(1, t.N / 2);
            int k = Math.Min(t.K, half - 1);
            if (k < 1 || t.N - half < 1)
                return;
            var seg0 = new PackedRows(t.X, half, t.D);
            var seg1 = new PackedRows(t.X.AsSpan(half * t.D), t.N - half, t.D);
            int kAll = Math.Min(t.K, t.N - 1), kOther = Math.Min(t.K, t.N - half);
            var lists = NearestNeighbours.Cross(t.X, half, t.D, Enumerable.Range(0, half).ToArray(), [seg0, seg1],
                [new NeighbourSpec(kAll, 0b11), new NeighbourSpec(k, 0b01), new NeighbourSpec(kOther, 0b10)], symmetric);
            Assert.Equal(Naive(t.X, half, t.X, t.N, t.D, kAll, (i, j) => i != j), lists[0]);
            Assert.Equal(Naive(t.X, half, t.X, t.N, t.D, k, (i, j) => i != j && j < half), lists[1]);
            Assert.Equal(Naive(t.X, half, t.X, t.N, t.D, kOther, (i, j) => j >= half), lists[2]);
        }, iter: 150);
    }

    [Fact]
    public void Large_symmetric_cross_search_spans_many_blocks_and_matches_naive()
    {
        // 700 queries = segment 0 (six 128-row blocks, so off-diagonal column offers and both workers run), 900 others.
        var rng = new PipelineExtensions.Randomness.SeededRandom(9);
        int nq = 700, no = 900, d = 11, n = nq + no;
        var x = new float[n * d];
        for (int i = 0; i < x.Length; i++)
            x[i] = (float)Math.Round(rng.NextGaussian() * 2) / 2; // coarse grid: many exact ties
        var segments = new[] { new PackedRows(x, nq, d), new PackedRows(x.AsSpan(nq * d), no, d) };
        var lists = NearestNeighbours.Cross(x, nq, d, [], segments, [new NeighbourSpec(10, 0b11), new NeighbourSpec(5, 0b01), new NeighbourSpec(5, 0b10)], queriesAreSegment0: true);
        Assert.Equal(Naive(x, nq, x, n, d, 10, (i, j) => i != j), lists[0]);
        Assert.Equal(Naive(x, nq, x, n, d, 5, (i, j) => i != j && j < nq), lists[1]);
        Assert.Equal(Naive(x, nq, x, n, d, 5, (i, j) => j >= nq), lists[2]);
    }

    [Fact]
    public void Large_search_spans_many_blocks_and_matches_naive()
    {
        var rng = new PipelineExtensions.Randomness.SeededRandom(5);
        int n = 1500, d = 13, k = 5;
        var x = new float[n * d];
        for (int i = 0; i < x.Length; i++)
            x[i] = (float)rng.NextGaussian();
        Assert.Equal(Naive(x, n, x, n, d, k, (i, j) => i != j), NearestNeighbours.Self(x, n, d, k));
    }

    [Theory]
    [InlineData(1, 8)]
    [InlineData(17, 8)]
    [InlineData(40, 13)]
    [InlineData(33, 24)]
    [InlineData(9001, 32)] // above PackedRows.ParallelFloats: packed in parts
    public void Packed_rows_hold_each_feature_at_its_block_feature_and_lane_and_nan_after_the_rows(int n, int d)
    {
        var rng = new PipelineExtensions.Randomness.SeededRandom(n + d);
        var x = new float[n * d];
        for (int i = 0; i < x.Length; i++)
            x[i] = (float)rng.NextGaussian();
        // Packed now from a span, on first read from an array through a row map (row i is source row n − 1 − i), and
        // now into a longer, dirty caller buffer.
        var map = Enumerable.Range(0, n).Select(i => n - 1 - i).ToArray();
        var dirty = new float[PackedRows.LengthFor(n, d) + 5];
        dirty.AsSpan().Fill(-7f);
        foreach (var (packed, source) in new[] { (new PackedRows(x, n, d), (Func<int, int>)(i => i)), (new PackedRows(x, map, n, d), i => map[i]), (new PackedRows(x, n, d, dirty), i => i) })
        {
            Assert.Equal(packed.Blocks * d * 8, PackedRows.LengthFor(n, d));
            for (int row = 0; row < packed.PaddedCount; row++)
                for (int f = 0; f < d; f++)
                    Assert.Equal(row < n ? x[source(row) * d + f] : float.NaN, packed.Data[(row / 8 * d + f) * 8 + row % 8]);
        }
    }

    [Fact]
    public void In_place_search_of_many_rows_packs_and_merges_in_parts_and_matches_naive()
    {
        // 9,001 × 32 rows: the packing (above PackedRows.ParallelFloats) and the merge of the workers' lists (above
        // NeighbourList.ParallelMergeRows) both run in parts; the rows sit in a longer, dirty buffer as a pooled one would.
        var rng = new PipelineExtensions.Randomness.SeededRandom(11);
        int n = 9001, d = 32, k = 5;
        Assert.True(n * d >= PackedRows.ParallelFloats && n >= NeighbourList.ParallelMergeRows);
        var x = new float[n * d];
        for (int i = 0; i < x.Length; i++)
            x[i] = (float)Math.Round(rng.NextGaussian() * 4) / 4; // quarter grid: some exact ties
        var buffer = new float[NearestNeighbours.PaddedLength(n, d) + 100];
        buffer.AsSpan().Fill(-3f);
        x.CopyTo(buffer, 0);
        KdTreeSearch.Disabled.Value = true; // this flow only (AsyncLocal): the brute-force search
        var inPlace = NearestNeighbours.SelfInPlace(buffer, n, d, k);
        Assert.Equal(NearestNeighbours.Self(x, n, d, k), inPlace);
        for (int r = 0; r < n; r += 61)
        {
            int row = r;
            Assert.Equal(Naive(x[(row * d)..((row + 1) * d)], 1, x, n, d, k, (_, j) => j != row), inPlace[(row * k)..((row + 1) * k)]);
        }
    }

    [Fact]
    public void Self_search_with_more_than_eight_neighbours_and_many_ties_spans_blocks_and_matches_naive()
    {
        // k > 8 takes the neighbour lists' scalar insertion; grid values make many equal distances (ties by index).
        var rng = new PipelineExtensions.Randomness.SeededRandom(9);
        int n = 700, d = 7, k = 11;
        var x = new float[n * d];
        for (int i = 0; i < x.Length; i++)
            x[i] = rng.NextInt(3);
        Assert.Equal(Naive(x, n, x, n, d, k, (i, j) => i != j), NearestNeighbours.Self(x, n, d, k));
    }
}
