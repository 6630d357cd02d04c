using CsCheck;
using PipelineExtensions.Randomness;
using PipelineExtensions.Sampling.Neighbors;

namespace PipelineExtensions.Tests.Sampling;

/// <summary>
/// The integer screen (<see cref="Int16Tile"/> on <see cref="QuantizedRows"/>) must never reject a pair the direct
/// kernel would admit, must decline data it cannot screen usefully, and the cross searches that use it must return
/// exactly the naive search's lists: on <see cref="NeighbourScreenTests"/>' adversarial tables and on tables built
/// to stress the rounding (near-duplicates, values on half steps of the scale, a coarse grid of ties).
/// </summary>
public class IntegerScreenTests
{
    private static readonly int[] Dimensions = [1, 2, 3, 5, 31, 32, 33];

    // 0–6: NeighbourScreenTests' kinds; 7: near-duplicate Gaussian rows; 8: a coarse grid (ties);
    // 9: values on odd multiples of a small power of two (rounding errors of ±½ wherever they fall on half steps).
    internal static float[] Table(int kind, int n, int d, long seed)
    {
        if (kind <= 6)
            return NeighbourScreenTests.Adversarial(kind, n, d, seed);
        var rng = new SeededRandom(seed);
        var x = new float[n * d];
        for (int i = 0; i < n; i++)
            for (int f = 0; f < d; f++)
            {
                double g = rng.NextGaussian();
                x[i * d + f] = kind switch
                {
                    7 => i > 0 && rng.NextInt(2) == 0 ? x[(i - 1) * d + f] + (float)(g * 1e-5) : (float)g,
                    8 => (float)(Math.Round(g * 2) / 2),
                    _ => (float)((2 * Math.Round(g * 512) + 1) / 2048),
                };
            }
        return x;
    }

    private static readonly Gen<(int Kind, int N, int D, int K, long Seed)> Cases = CasesOver(Dimensions);

    // A table kind of Table, a row count, a dimension of the given ones, k and a seed.
    internal static Gen<(int Kind, int N, int D, int K, long Seed)> CasesOver(int[] dimensions) =>
        from kind in Gen.Int[0, 9]
        from n in Gen.Int[2, 300]
        from di in Gen.Int[0, dimensions.Length - 1]
        from k in Gen.Int[1, 6]
        from seed in Gen.Long
        select (kind, n, dimensions[di], Math.Min(k, n - 1), seed);

    [Fact]
    public unsafe void Integer_screen_value_is_never_above_the_direct_distance()
    {
        int screened = 0;
        Cases.Sample(t =>
        {
            int d = t.D, rows = DotTile.QueryRows, n = rows + 16;
            var x = Table(t.Kind, n, d, t.Seed);
            var mean = ScreenRows.Mean(x, n, d);
            var original = x.AsSpan(0, rows * d).ToArray();
            var packed = new PackedRows(x.AsSpan(rows * d), 16, d);
            var queries = ScreenRows.Center(original, rows, d, mean);
            var candidates = ScreenRows.Center(packed, mean);
            // The one-pass check (no centred copy) declines exactly where the float screen's centring does, and
            // finds the largest centred value of its copies.
            double maxQ = QuantizedRows.CentredMaxAbs(original, rows, d, mean), maxC = QuantizedRows.CentredMaxAbs(packed, mean);
            Assert.Equal(queries == null, double.IsNaN(maxQ));
            Assert.Equal(candidates == null, double.IsNaN(maxC));
            if (queries == null || candidates == null)
                return; // the float screen declines too (kind 6): the direct kernel runs
            Assert.Equal(queries.Rows.Max(MathF.Abs), maxQ);
            Assert.Equal(candidates.Rows.Where(float.IsFinite).Max(MathF.Abs), maxC);
            double s = QuantizedRows.Scale(Math.Max(maxQ, maxC), d);
            var q = s > 0 ? QuantizedRows.RowMajor(original, rows, rows, d, s, mean) : null;
            var c = s > 0 ? QuantizedRows.Packed(packed, s, mean) : null;
            if (q == null || c == null)
                return;
            Interlocked.Increment(ref screened);
            var screen = new float[DotTile.Size];
            var always = new float[DotTile.QueryRows];
            always.AsSpan().Fill(float.PositiveInfinity);
            fixed (short* qp = q.Rows, cp = c.Rows)
            fixed (float* sp = screen, qn = q.Norms, cn = c.Norms, th = always)
                Assert.True(Int16Tile.ComputeScreened(qp, cp, QuantizedRows.Pairs(d), sp, qn, cn, (float)(-2 * s * s), th, null));
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < 16; j++)
                {
                    float direct = NeighbourScreenTests.Direct(x, r, x, rows + j, d);
                    Assert.True(float.IsFinite(screen[16 * r + j]));
                    Assert.True(screen[16 * r + j] <= direct, $"kind {t.Kind}, d {d}: screen {screen[16 * r + j]:R} above direct {direct:R} (row {r}, candidate {j})");
                }
        }, iter: 600);
        Assert.True(screened > 100, $"only {screened} cases reached the integer screen");
    }

    [Fact]
    public void Cross_searches_with_the_integer_screen_equal_naive_search()
    {
        Cases.Sample(t => NeighbourScreenTests.ScreenedCrossSearchesEqualNaive(Table(t.Kind, t.N, t.D, t.Seed), t.N, t.D, t.K), iter: 60);
    }

    [Fact]
    public void Integer_screen_is_used_on_ordinary_data_and_declines_a_far_outlier()
    {
        var rng = new SeededRandom(5);
        int n = 600, d = 32, nq = 150;
        var x = new float[n * d];
        for (int i = 0; i < x.Length; i++)
            x[i] = (float)rng.NextGaussian();
        Assert.True(Quantized(x, nq, n, d).Usable);
        // One row a million times further out sets the scale: every other row would round to almost nothing.
        x[7 * d + 3] = 1e6f;
        Assert.False(Quantized(x, nq, n, d).Usable && !Quantized(x, nq, n, d).Bytes);
        // Then the 8-bit screen's per-row scales are used (Int8ScreenTests), and the searches stay exact.
        NeighbourScreenTests.ScreenedCrossSearchesEqualNaive(x, n, d, 5);
    }

    [Fact]
    public unsafe void The_integer_screen_comes_without_the_float_screens_copies()
    {
        var rng = new SeededRandom(9);
        int n = 600, d = 32, nq = 150;
        var x = new float[n * d];
        for (int i = 0; i < x.Length; i++)
            x[i] = (float)rng.NextGaussian();
        var segments = new[] { new PackedRows(x, nq, d), new PackedRows(x.AsSpan(nq * d), n - nq, d) };
        var padded = PaddedRows.Create(x.AsSpan(0, nq * d), nq, d, NearestNeighbours.BlockRows(d));
        using var screened = ScreenedSegments.TryCreate(x, nq, padded.Length / d, d, segments)!;
        fixed (float* q = padded)
        {
            var o = screened.Operands(q, q, 1, PackedRows.Lanes, null);
            Assert.True(screened.Quantized(1).Usable);
            Assert.True(o.Screened && o.Integer);
            Assert.True(o.ScreenQ == null && o.ScreenC == null);
        }
    }

    [Fact]
    public void Repacking_the_row_major_copy_equals_quantizing_the_segment()
    {
        // The symmetric searches' segment 0 is the queries: its packed 16-bit copy is the queries' row-major one
        // repacked. It must equal the copy Packed makes, value for value and norm for norm (partial blocks, odd d).
        Gen.Int[0, 1_000_000].Select(Gen.Int[1, 300], Gen.Int[1, 70]).Sample((seed, n, d) =>
        {
            var rng = new SeededRandom(seed);
            var x = new float[n * d];
            double spread = Math.Pow(10, rng.NextInt(7) - 3);
            for (int i = 0; i < x.Length; i++)
                x[i] = (float)(rng.NextGaussian() * spread + 5);
            var segment = new PackedRows(x, null, n, d);
            var mean = ScreenRows.Mean(new[] { segment }, d);
            double scale = QuantizedRows.Scale(Math.Max(QuantizedRows.CentredMaxAbs(x, n, d, mean), 1e-30), d);
            int padded = PaddedRows.Count(n, NearestNeighbours.BlockRows(d));
            var rowMajor = QuantizedRows.RowMajor(x, n, padded, d, scale, mean);
            var packed = QuantizedRows.Packed(segment, scale, mean);
            Assert.Equal(packed == null, rowMajor == null);
            if (rowMajor == null)
                return;
            var repacked = QuantizedRows.Repacked(rowMajor, segment);
            Assert.Equal(packed!.Rows, repacked.Rows);
            Assert.Equal(packed.Norms, repacked.Norms);
        }, iter: 200);
    }

    [Fact]
    public void Vectorised_setup_rounds_like_the_scalar_form_and_sums_the_mean_in_row_order()
    {
        // The setup runs eight features per AVX2 step. Against a scalar reference here: the mean to the bit (each
        // feature summed over the rows in row order), the largest centred value to the bit, every rounded value
        // exactly in both layouts, and each reduced norm up to the summation order of its double sums.
        Gen.Int[0, 1_000_000].Select(Gen.Int[1, 300], Gen.Int[1, 70]).Sample((seed, n, d) =>
        {
            var rng = new SeededRandom(seed);
            int total = n + n / 4 + 8;
            var x = new float[total * d];
            double spread = Math.Pow(10, rng.NextInt(7) - 3);
            for (int i = 0; i < x.Length; i++)
                x[i] = (float)(rng.NextGaussian() * spread + 5);
            var map = Enumerable.Range(0, total).Where(i => i % 5 != 2).Take(n).ToArray();
            var rowMajor = new float[n * d];
            for (int r = 0; r < n; r++)
                x.AsSpan(map[r] * d, d).CopyTo(rowMajor.AsSpan(r * d));
            var mapped = new PackedRows(x, map, n, d);
            var mean = ScreenRows.Mean(new[] { mapped }, d);
            var sum = new double[d];
            for (int r = 0; r < n; r++)
                for (int f = 0; f < d; f++)
                    sum[f] += rowMajor[r * d + f];
            Assert.Equal(sum.Select(v => (float)(v / n)).ToArray(), mean);
            float max = 0;
            for (int i = 0; i < rowMajor.Length; i++)
                max = Math.Max(max, MathF.Abs(rowMajor[i] - mean[i % d]));
            Assert.Equal(max, QuantizedRows.CentredMaxAbs(rowMajor, n, d, mean));
            Assert.Equal(max, QuantizedRows.CentredMaxAbs(mapped, mean));
            double s = QuantizedRows.Scale(Math.Max(max, 1e-30), d);
            if (s == 0)
                return;
            int pairs = QuantizedRows.Pairs(d), padded = PaddedRows.Count(n, NearestNeighbours.BlockRows(d));
            var q = QuantizedRows.RowMajor(rowMajor, n, padded, d, s, mean);
            var c = QuantizedRows.Packed(mapped, s, mean);
            Assert.Equal(q == null, c == null);
            if (q == null)
                return;
            double s2 = s * s;
            for (int r = 0; r < n; r++)
            {
                double square = 0, abs = 0, blur = 0, centred = 0;
                for (int f = 0; f < d; f++)
                {
                    float v = rowMajor[r * d + f] - mean[f];
                    double y = v / s, rounded = Math.Round(y);
                    square += rounded * rounded;
                    abs += Math.Abs(rounded);
                    blur += Math.Abs(rounded * (y - rounded));
                    centred += (double)v * v;
                    Assert.Equal((short)rounded, q.Rows[r * 2 * pairs + f]);
                    Assert.Equal((short)rounded, c!.Rows[((r / 8 * pairs + f / 2) * 8 + r % 8) * 2 + (f & 1)]);
                }
                double norm = centred + s2 * square;
                double rho = s2 * square - s2 * (2 * blur + abs) - (ScreenRows.Slack(d) + Math.ScaleB(1.0, -40)) * norm - ScreenRows.Underflow(d) / 2;
                Assert.True(Math.Abs(q.Norms[r] - rho) <= 1e-6 * norm + 1e-30, $"row {r}: {q.Norms[r]:R} vs {rho:R}");
                Assert.Equal(q.Norms[r], c!.Norms[r]);
            }
        }, iter: 200);
    }

    [Fact]
    public void Limit_keeps_the_kernels_integer_sums_in_range_and_scale_is_the_smallest_fitting_power_of_two()
    {
        for (int d = 1; d <= 5000; d++)
            Assert.True(2.0 * QuantizedRows.Pairs(d) * QuantizedRows.Limit(d) * QuantizedRows.Limit(d) <= int.MaxValue, $"d {d}");
        Gen.Double[1e-12, 1e12].Select(Gen.Int[1, 500]).Sample((m, d) =>
        {
            double s = QuantizedRows.Scale(m, d);
            Assert.True(s > 0);
            Assert.Equal(s, Math.ScaleB(1.0, Math.ILogB(s)));
            Assert.True(m / s <= QuantizedRows.Limit(d));
            Assert.True(m / (s / 2) > QuantizedRows.Limit(d));
        });
        Assert.Equal(0, QuantizedRows.Scale(1e-30, 32)); // s² would leave the normal floats
        Assert.Equal(0, QuantizedRows.Scale(double.PositiveInfinity, 32));
    }

    internal static QuantOperands Quantized(float[] x, int nq, int n, int d, bool int8First = false)
    {
        var segments = new[] { new PackedRows(x, nq, d), new PackedRows(x.AsSpan(nq * d), n - nq, d) };
        var padded = PaddedRows.Create(x.AsSpan(0, nq * d), nq, d, NearestNeighbours.BlockRows(d));
        using var centred = ScreenedSegments.TryCreate(x, nq, padded.Length / d, d, segments, int8First)!;
        return centred.Quantized(1);
    }
}
