using CsCheck;
using PipelineExtensions.Randomness;
using PipelineExtensions.Sampling.Neighbors;

namespace PipelineExtensions.Tests.Sampling;

/// <summary>
/// The GEMM-form screen (<see cref="DotTile"/> on <see cref="ScreenRows"/>) must never reject a pair the direct kernel
/// would admit, and the searches built on it must return exactly the naive search's lists, on data chosen to break a
/// careless bound: a large common offset, one feature a million times the others, values near underflow, many exact
/// duplicates, mixed huge and small magnitudes, and values too large for the screen (the direct-kernel fallback).
/// The small searches here force the screen on; by default it starts at <see cref="NearestNeighbours.ScreenMinCandidates"/>.
/// </summary>
public class NeighbourScreenTests
{
    private static readonly int[] Dimensions = [1, 3, 5, 31, 33];

    internal static float[] Adversarial(int kind, int n, int d, long seed)
    {
        var rng = new SeededRandom(seed);
        var x = new float[n * d];
        var distinct = new float[4 * d];
        for (int i = 0; i < distinct.Length; i++)
            distinct[i] = rng.NextInt(-2, 3);
        for (int i = 0; i < n; i++)
        {
            int copy = rng.NextInt(4);
            for (int f = 0; f < d; f++)
            {
                double g = rng.NextGaussian();
                x[i * d + f] = kind switch
                {
                    0 => (float)(1e4 + g),                                    // large common offset
                    1 => (float)(f == 0 ? g * 1e6 : g),                       // one feature scaled 1e6
                    2 => (float)(g * 1e-20),                                  // squares underflow to subnormals
                    3 => distinct[copy * d + f],                              // many exact duplicates and ties
                    4 => (float)(Math.Sign(g) * Math.Pow(10, rng.NextDouble(-3, 12))), // ±large mixed
                    5 => (float)(1e6 + Math.Round(g)),                        // ties on a large offset
                    _ => (float)(g * 1e17),                                   // norms above 1e30: direct fallback
                };
            }
        }
        return x;
    }

    private static readonly Gen<(int Kind, int N, int D, int K, long Seed)> Cases =
        from kind in Gen.Int[0, 6]
        from n in Gen.Int[2, 300]
        from di in Gen.Int[0, Dimensions.Length - 1]
        from k in Gen.Int[1, 6]
        from seed in Gen.Long
        select (kind, n, Dimensions[di], Math.Min(k, n - 1), seed);

    // Every distance in the direct kernel's order (Σ fma over features), sorted by (distance, index).
    internal static int[] Naive(float[] q, int nq, float[] x, int n, int d, int k, Func<int, int, bool> allowed)
    {
        var result = new int[nq * k];
        for (int i = 0; i < nq; i++)
        {
            var candidates = new List<(float D, int J)>();
            for (int j = 0; j < n; j++)
                if (allowed(i, j))
                    candidates.Add((Direct(q, i, x, j, d), j));
            candidates.OrderBy(c => c.D).ThenBy(c => c.J).Take(k).Select(c => c.J).ToArray().CopyTo(result, i * k);
        }
        return result;
    }

    internal static float Direct(float[] q, int i, float[] x, int j, int d)
    {
        float acc = 0;
        for (int f = 0; f < d; f++)
        {
            float t = q[i * d + f] - x[j * d + f];
            acc = MathF.FusedMultiplyAdd(t, t, acc);
        }
        return acc;
    }

    [Fact]
    public void Self_search_on_adversarial_data_equals_naive_search()
    {
        Cases.Sample(t =>
        {
            var x = Adversarial(t.Kind, t.N, t.D, t.Seed);
            Assert.Equal(Naive(x, t.N, x, t.N, t.D, t.K, (i, j) => i != j), NearestNeighbours.Self(x, t.N, t.D, t.K, screen: true));
        }, iter: 120);
    }

    [Fact]
    public void Cross_searches_on_adversarial_data_equal_naive_search()
    {
        Cases.Sample(t => ScreenedCrossSearchesEqualNaive(Adversarial(t.Kind, t.N, t.D, t.Seed), t.N, t.D, t.K), iter: 60);
    }

    /// <summary>
    /// The first third of <paramref name="x"/>'s <paramref name="n"/> rows searched, with the screen forced, against
    /// the whole table (plain and symmetric forms) for the "all", "same" and "other" lists: each must equal the naive
    /// search with the same tie order.
    /// </summary>
    internal static void ScreenedCrossSearchesEqualNaive(float[] x, int n, int d, int k, bool int8First = false)
    {
        int half = Math.Max(1, n / 3);
        if (half < 2 || n - half < 1)
            return;
        int kAll = Math.Min(k, n - 1), kSame = Math.Min(k, half - 1), kOther = Math.Min(k, n - half);
        NeighbourSpec[] specs = [new(kAll, 0b11), new(kSame, 0b01), new(kOther, 0b10)];
        foreach (bool symmetric in new[] { false, true })
        {
            var segments = new[] { new PackedRows(x, half, d), new PackedRows(x.AsSpan(half * d), n - half, d) };
            var lists = NearestNeighbours.Cross(x, half, d, symmetric ? [] : Enumerable.Range(0, half).ToArray(), segments, specs, symmetric, screen: true, int8First);
            Assert.Equal(Naive(x, half, x, n, d, kAll, (i, j) => i != j), lists[0]);
            Assert.Equal(Naive(x, half, x, n, d, kSame, (i, j) => i != j && j < half), lists[1]);
            Assert.Equal(Naive(x, half, x, n, d, kOther, (i, j) => j >= half), lists[2]);
        }
        // The symmetric form on row-major segments, as ClassSearch passes them (the class rows copied, the others
        // through a row map into the table): the screened search reads them in place.
        var classRows = x.AsSpan(0, half * d).ToArray();
        var others = Enumerable.Range(half, n - half).ToArray();
        var sources = new[] { new PackedRows(classRows, null, half, d), new PackedRows(x, others, n - half, d) };
        var fromSources = NearestNeighbours.Cross(classRows, half, d, [], sources, specs, true, screen: true, int8First);
        Assert.Equal(Naive(x, half, x, n, d, kAll, (i, j) => i != j), fromSources[0]);
        Assert.Equal(Naive(x, half, x, n, d, kSame, (i, j) => i != j && j < half), fromSources[1]);
        Assert.Equal(Naive(x, half, x, n, d, kOther, (i, j) => j >= half), fromSources[2]);
    }

    [Fact]
    public unsafe void Screen_value_is_never_above_the_direct_distance()
    {
        // One tile's queries and 16 candidates from one adversarial table, centred by its mean as the searches do.
        Cases.Sample(t =>
        {
            if (t.Kind == 6)
                return; // no screen there: Center declines (checked below)
            int d = t.D, rows = DotTile.QueryRows, n = rows + 16;
            var x = Adversarial(t.Kind, n, d, t.Seed);
            var mean = ScreenRows.Mean(x, n, d);
            var queries = ScreenRows.Center(x.AsSpan(0, rows * d), rows, d, mean)!;
            var packed = new PackedRows(x.AsSpan(rows * d), 16, d);
            var candidates = ScreenRows.Center(packed, mean)!;
            var screen = new float[DotTile.Size];
            // +∞ thresholds: every (finite) lane passes, so the tile reports a hit and writes its values.
            var always = new float[16];
            always.AsSpan().Fill(float.PositiveInfinity);
            fixed (float* q = queries.Rows, c = candidates.Rows, s = screen, qn = queries.Norms, cn = candidates.Norms, th = always)
                Assert.True(DotTile.ComputeScreened(q, c, d, s, qn, cn, th, th));
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < 16; j++)
                {
                    float direct = Direct(x, r, x, rows + j, d);
                    Assert.True(float.IsFinite(screen[16 * r + j]));
                    Assert.True(screen[16 * r + j] <= direct, $"kind {t.Kind}, d {d}: screen {screen[16 * r + j]:R} above direct {direct:R} (row {r}, candidate {j})");
                }
        }, iter: 400);
    }

    [Fact]
    public void Screen_declines_rows_whose_norms_could_overflow_and_non_finite_rows()
    {
        int d = 3;
        var huge = Adversarial(6, 10, d, 1);
        Assert.Null(ScreenRows.Center(huge, 10, d, ScreenRows.Mean(huge, 10, d)));
        var withNaN = Adversarial(0, 10, d, 2);
        withNaN[7] = float.NaN;
        Assert.Null(ScreenRows.Center(withNaN, 10, d, ScreenRows.Mean(withNaN, 10, d)));
        Assert.Null(ScreenRows.Center(new PackedRows(huge, 10, d), ScreenRows.Mean(huge, 10, d)));
        // Padding rows (NaN) after the real ones are allowed: they get NaN norms.
        var padded = Adversarial(0, 12, d, 3);
        padded.AsSpan(10 * d).Fill(float.NaN);
        var rows = ScreenRows.Center(padded, 10, d, ScreenRows.Mean(padded, 10, d))!;
        Assert.True(float.IsNaN(rows.Norms[10]) && float.IsNaN(rows.Norms[11]) && float.IsFinite(rows.Norms[9]));
    }

    [Fact]
    public void Large_adversarial_self_search_spans_many_blocks_and_both_workers()
    {
        // 1,000 rows on a 1e4 offset with a coarse grid (ties) and an odd d: several blocks, both workers, tails.
        var rng = new SeededRandom(17);
        int n = 1000, d = 33, k = 5;
        var x = new float[n * d];
        for (int i = 0; i < x.Length; i++)
            x[i] = (float)(1e4 + Math.Round(rng.NextGaussian() * 2) / 2);
        Assert.Equal(Naive(x, n, x, n, d, k, (i, j) => i != j), NearestNeighbours.Self(x, n, d, k, screen: true));
        Assert.Equal(NearestNeighbours.Self(x, n, d, k, screen: false), NearestNeighbours.Self(x, n, d, k, screen: true));
    }

    [Fact]
    public void Banded_self_search_breaks_ties_by_original_index()
    {
        // The banded search reorders the rows by cell: rows repeated at far-apart original positions (equal distances
        // to every other row) and a coarse grid must still come out in (distance, original index) order, for k on both
        // sides of the one-vector list (8) and on both sides of the size gate's block counts.
        Gen.Int[0, 1_000_000].Select(Gen.Int[100, 1_500], Gen.Int[1, 12], Gen.Int[1, 40]).Sample((seed, n, k, d) =>
        {
            var rng = new SeededRandom(seed);
            var x = new float[n * d];
            for (int i = 0; i < x.Length; i++)
                x[i] = (float)(Math.Round(rng.NextGaussian() * 3) / 2);
            for (int r = 0; r < n / 4; r++)
                x.AsSpan(rng.NextInt(n) * d, d).CopyTo(x.AsSpan(rng.NextInt(n) * d, d));
            k = Math.Min(k, n - 1);
            Assert.Equal(Naive(x, n, x, n, d, k, (i, j) => i != j), NearestNeighbours.SelfBanded(x, n, d, k));
        }, iter: 40);
    }

    [Fact]
    public void Searches_above_the_size_gate_use_the_screen_and_equal_the_direct_kernel()
    {
        // Just above the gate: the default path screens; it must equal both forced paths (ties on a coarse grid, an offset).
        var rng = new SeededRandom(23);
        int n = NearestNeighbours.ScreenMinCandidates + 5, d = 3, k = 4;
        var x = new float[n * d];
        for (int i = 0; i < x.Length; i++)
            x[i] = (float)(100 + Math.Round(rng.NextGaussian() * 4) / 4);
        var direct = NearestNeighbours.Self(x, n, d, k, screen: false);
        Assert.Equal(direct, NearestNeighbours.Self(x, n, d, k));
        Assert.Equal(direct, NearestNeighbours.Self(x, n, d, k, screen: true));

        int nq = 3000;
        var segments = new[] { new PackedRows(x, nq, d), new PackedRows(x.AsSpan(nq * d), n - nq, d) };
        NeighbourSpec[] specs = [new(10, 0b11), new(5, 0b01), new(5, 0b10)];
        var expected = NearestNeighbours.Cross(x, nq, d, [], segments, specs, true, screen: false);
        Assert.Equal(expected, NearestNeighbours.Cross(x, nq, d, [], segments, specs, queriesAreSegment0: true));
        Assert.Equal(expected, NearestNeighbours.Cross(x, nq, d, [], segments, specs, true, screen: true));
    }
}
