using CsCheck;
using PipelineExtensions.Randomness;
using PipelineExtensions.Sampling.Neighbors;

namespace PipelineExtensions.Tests.Sampling;

/// <summary>
/// The 8-bit screen (<see cref="Int8Tile"/> on <see cref="Int8Rows"/>) must never reject a pair the direct kernel
/// would admit, its integer sums must be exact at the extremes of the 6-bit range, it must decline data it cannot
/// screen usefully, and the cross searches that use it must return exactly the naive search's lists: on
/// <see cref="IntegerScreenTests"/>' adversarial tables (near-duplicates, grids of ties, half-step values, far
/// outliers), with d not a multiple of 4 and above 32 (the kernel's 16-bit sums are widened every 32 features).
/// </summary>
public class Int8ScreenTests
{
    private static readonly int[] Dimensions = [1, 2, 3, 5, 31, 32, 33, 64, 70];

    private static readonly Gen<(int Kind, int N, int D, int K, long Seed)> Cases = IntegerScreenTests.CasesOver(Dimensions);

    [Fact]
    public unsafe void Int8_screen_value_is_never_above_the_direct_distance()
    {
        int screened = 0;
        Cases.Sample(t =>
        {
            int d = t.D, rows = DotTile.QueryRows, n = rows + 16;
            var x = IntegerScreenTests.Table(t.Kind, n, d, t.Seed);
            // A far row now and then: its own scale must keep the others' bounds (and its own) valid.
            if (t.Seed % 5 == 0)
                x[(int)(((ulong)t.Seed >> 8) % (ulong)n) * d] = 1e5f;
            var candidates = new PackedRows(x.AsSpan(rows * d), 16, d);
            var mean = ScreenRows.Mean([candidates], d);
            double maxAbs = QuantizedRows.CentredMaxAbs(x, rows, d, mean);
            maxAbs = Math.Max(maxAbs, QuantizedRows.CentredMaxAbs(candidates, mean));
            if (double.IsNaN(maxAbs))
                return; // the screens decline (kind 6): the direct kernel runs
            var p = Int8Rows.Create(x, rows, d, mean, maxAbs);
            var q = p != null ? Int8Rows.Queries(x, rows, rows, d, mean, p.Value) : null;
            var c = p != null ? Int8Rows.Packed(candidates, mean, p.Value) : null;
            if (q == null || c == null)
                return;
            Interlocked.Increment(ref screened);
            var screen = Tile(q, c, d);
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < 16; j++)
                {
                    float direct = NeighbourScreenTests.Direct(x, r, x, rows + j, d);
                    Assert.True(float.IsFinite(screen[16 * r + j]));
                    Assert.True(screen[16 * r + j] <= direct, $"kind {t.Kind}, d {d}: screen {screen[16 * r + j]:R} above direct {direct:R} (row {r}, candidate {j})");
                }
        }, iter: 800);
        Assert.True(screened > 200, $"only {screened} cases reached the 8-bit screen");
    }

    [Fact]
    public void Cross_searches_with_the_int8_screen_equal_naive_search()
    {
        Cases.Sample(t => NeighbourScreenTests.ScreenedCrossSearchesEqualNaive(IntegerScreenTests.Table(t.Kind, t.N, t.D, t.Seed), t.N, t.D, t.K, int8First: true), iter: 80);
    }

    [Fact]
    public unsafe void Kernel_sums_are_exact_at_the_ends_of_the_range()
    {
        // Queries at 0 and 63 (q̃ = ∓32, ±31 after the offset) against candidates at −32 and 31: the largest products,
        // all of one sign in a lane (no cancellation), for one run of 8 quads and for several (d > 32).
        foreach (int d in new[] { 4, 29, 32, 36, 64, 100 })
            foreach (byte qv in new byte[] { 0, 63 })
                foreach (sbyte cv in new sbyte[] { -32, 31 })
                {
                    int quads = Int8Rows.Quads(d), width = 4 * quads;
                    var q = new byte[6 * width];
                    var c = new byte[16 * width];
                    for (int r = 0; r < 6; r++)
                        for (int f = 0; f < d; f++)
                            q[r * width + f] = (byte)(r % 2 == 0 ? qv : 63 - qv);
                    for (int j = 0; j < 16; j++)
                        for (int f = 0; f < d; f++)
                            c[((j / 8 * quads + f / 4) * 8 + j % 8) * 4 + f % 4] = (byte)(j % 3 == 0 ? cv : (sbyte)(-1 - cv));
                    var result = Raw(q, c, quads);
                    for (int r = 0; r < 6; r++)
                        for (int j = 0; j < 16; j++)
                        {
                            int a = r % 2 == 0 ? qv : 63 - qv, b = j % 3 == 0 ? cv : -1 - cv;
                            Assert.Equal((float)(d * a * b), result[16 * r + j]);
                        }
                }
    }

    [Fact]
    public void Int8_screen_is_used_on_ordinary_data_and_keeps_a_far_outlier_to_its_own_row()
    {
        var rng = new SeededRandom(5);
        int n = 600, d = 32, nq = 150;
        var x = new float[n * d];
        for (int i = 0; i < x.Length; i++)
            x[i] = (float)rng.NextGaussian();
        // The 16-bit screen comes first; the 8-bit one when asked first.
        Assert.False(IntegerScreenTests.Quantized(x, nq, n, d).Bytes);
        Assert.True(IntegerScreenTests.Quantized(x, nq, n, d, int8First: true).Bytes);
        // A row a million times further out sets the 16-bit screen's common scale, which it declines; the 8-bit screen
        // gives that row its own scale and the others keep theirs.
        x[7 * d + 3] = 1e6f;
        Assert.True(IntegerScreenTests.Quantized(x, nq, n, d).Bytes);
        NeighbourScreenTests.ScreenedCrossSearchesEqualNaive(x, n, d, 5);
        // Two such rows on either side leave the mean in place: the other rows' values round to 0 at the 16-bit
        // screen's common scale (its gate counts them as blurred), and keep their own scales at 8 bits.
        x[8 * d + 3] = -1e6f;
        Assert.True(IntegerScreenTests.Quantized(x, nq, n, d).Bytes);
        NeighbourScreenTests.ScreenedCrossSearchesEqualNaive(x, n, d, 5);
    }

    [Fact]
    public void Int8_screen_declines_where_it_must()
    {
        var rng = new SeededRandom(6);
        int n = 600, nq = 150;
        // Rows of very unlike spreads keep their own scales: accepted.
        int d = 32;
        var x = new float[n * d];
        for (int i = 0; i < n; i++)
        {
            double spread = Math.Pow(10, rng.NextInt(-6, 7));
            for (int f = 0; f < d; f++)
                x[i * d + f] = (float)(rng.NextGaussian() * spread);
        }
        Assert.True(IntegerScreenTests.Quantized(x, nq, n, d, int8First: true).Bytes);
        // But a row's scale is at most 2²⁰ times the common one: rows spread 10⁻⁴ about a point, with two rows 10⁴
        // away on either side (the mean stays), would all round to a level or two: the 16-bit screen is used.
        for (int i = 0; i < x.Length; i++)
            x[i] = (float)(1 + rng.NextGaussian() * 1e-4);
        x[7 * d + 3] = 1e4f;
        x[8 * d + 3] = -1e4f;
        Assert.False(IntegerScreenTests.Quantized(x, nq, n, d, int8First: true).Bytes);
        NeighbourScreenTests.ScreenedCrossSearchesEqualNaive(x, n, d, 5, int8First: true);
        // All rows equal (nothing to scale), and above the largest dimension.
        Assert.Null(Int8Rows.Create(new float[10 * 4], 10, 4, new float[4], 0));
        Assert.Null(Int8Rows.Create(new float[Int8Rows.MaxDimension + 4], 1, Int8Rows.MaxDimension + 4, new float[Int8Rows.MaxDimension + 4], 1));
        Assert.Null(Int8Rows.Create(new float[4], 1, 4, new float[4], 1e20));
    }

    // The 6×16 screen values of the first 6 query rows against the first 16 candidates.
    private static unsafe float[] Tile(Int8Rows q, Int8Rows c, int d)
    {
        var screen = new float[DotTile.Size];
        var always = new float[DotTile.QueryRows];
        always.AsSpan().Fill(float.PositiveInfinity);
        fixed (byte* qp = q.Rows, cp = c.Rows)
        fixed (float* sp = screen, qn = q.Norms, cn = c.Norms, qf = q.Factors, cf = c.Factors, th = always)
        fixed (int* co = c.Offsets)
            Assert.True(Int8Tile.ComputeScreened(qp, cp, Int8Rows.Quads(d), sp, qn, cn, qf, cf, co, th, null));
        return screen;
    }

    // The kernel's integer dot products: norms and offsets 0, factors 1.
    private static unsafe float[] Raw(byte[] q, byte[] c, int quads)
    {
        var result = new float[DotTile.Size];
        var zeros = new float[16];
        var ones = new float[16];
        ones.AsSpan().Fill(1);
        var offsets = new int[16];
        var always = new float[DotTile.QueryRows];
        always.AsSpan().Fill(float.PositiveInfinity);
        fixed (byte* qp = q, cp = c)
        fixed (float* rp = result, z = zeros, one = ones, th = always)
        fixed (int* o = offsets)
            Int8Tile.ComputeScreened(qp, cp, quads, rp, z, z, one, one, o, th, null);
        return result;
    }
}
