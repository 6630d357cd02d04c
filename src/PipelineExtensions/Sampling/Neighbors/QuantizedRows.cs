using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>
/// Centred rows (<see cref="ScreenRows"/>) rounded to 16-bit integers for the integer screen (<see cref="Int16Tile"/>):
/// x̃ = s·(x′ + e) with s a power of two, x′ integer, |e_f| ≤ ½, and a reduced norm ρ per row such that for two rows
/// S = ρ_q + ρ_c − 2s²·(q′·c′), computed as the kernel does, is never above the direct kernel's distance of the
/// original rows. Integer products are exact and one AVX2 instruction does 16 of them, so this screen runs ~1.6× the
/// float screen's rate; passing lanes get their exact distance recomputed as before.
/// </summary>
/// <remarks>
/// Why S is a lower bound (u = 2⁻²⁴, P = ⌈d/2⌉ feature pairs, N_x = ‖x̃‖² + s²‖x′‖², D̂ the direct kernel's value):
/// <list type="bullet">
/// <item>D̃ = ‖q̃ − c̃‖² = s²‖(q′ − c′) + (e_q − e_c)‖² ≥ s²(‖q′ − c′‖² − 2|(q′ − c′)·(e_q − e_c)|), and
/// |q′·e_c| ≤ ½‖q′‖₁, so D̃ ≥ s²(P_q + P_c − 2q′·c′) with P_x = ‖x′‖² − 2Σ|x′_f e_f| − ‖x′‖₁ per row.</item>
/// <item>From <see cref="ScreenRows"/>: D̃ ≤ D̂ + (2d + 10.1)u(‖q̃‖² + ‖c̃‖²) + d·2⁻¹⁵⁰.</item>
/// <item>The kernel's dot product is exact in 32-bit integers (2P·L² ≤ 2³¹ − 1 for the limit L on |x′|); its
/// conversion to float, the sum ρ_q + ρ_c and the final fused multiply-add round once each, by at most
/// 8u·s²(‖q′‖² + ‖c′‖²) + 2⁻¹⁴⁹ together (|ρ| ≤ 3s²‖x′‖² since |x′_f| ≤ x′_f² for integers; −2s² is a power of
/// two, so scaling is exact).</item>
/// <item>So ρ_x = s²P_x − c·N_x − A/2 (rounded down, with c and A of <see cref="ScreenRows"/>, over twice what the
/// two items need) gives S ≤ D̂. Padding rows get NaN norms, so their lanes compare false.</item>
/// </list>
/// <see cref="Scale"/> declines (the float screen is used) without AVX2 and when s leaves [2⁻⁶⁰, 2⁴⁰] (s² and
/// s²·q′·c′ must stay normal floats); <see cref="RowMajor"/> and <see cref="Packed"/> decline
/// when rounding would blur more than one row in 64 by over 1/64 of its squared norm (a far
/// outlier sets s: the screen would pass nearly every pair).
/// </remarks>
internal sealed partial class QuantizedRows
{
    private QuantizedRows(short[] rows, float[] norms)
    {
        Rows = rows;
        Norms = norms;
    }

    /// <summary>Row-major (2·pairs per row, the odd feature 0) or packed: block b, pair p, lane l, half h at ((b·pairs + p)·8 + l)·2 + h.</summary>
    public short[] Rows { get; }

    /// <summary>Reduced norm ρ per (padded) row: NaN for padding rows.</summary>
    public float[] Norms { get; }

    /// <summary>Feature pairs per row: ⌈d/2⌉.</summary>
    public static int Pairs(int d) => (d + 1) / 2;

    /// <summary>The largest |x′| for which the kernel's 32-bit sums cannot overflow.</summary>
    public static int Limit(int d) => (int)Math.Min(short.MaxValue, Math.Floor(Math.Sqrt(int.MaxValue / (2.0 * Pairs(d)))));

    /// <summary>
    /// The power-of-two scale for centred values up to <paramref name="maxAbs"/> in magnitude, or 0 when the integer
    /// screen cannot be used (see the remarks).
    /// </summary>
    public static double Scale(double maxAbs, int d)
    {
        if (!Avx2.IsSupported || !(maxAbs < double.MaxValue))
            return 0;
        if (maxAbs == 0)
            return 1;
        int e = (int)Math.Ceiling(Math.Log2(maxAbs / Limit(d)));
        double s = Math.ScaleB(1.0, e);
        while (maxAbs / s > Limit(d))
            s *= 2;
        while (s > Math.ScaleB(1.0, -60) && maxAbs / (s / 2) <= Limit(d))
            s /= 2;
        return s >= Math.ScaleB(1.0, -60) && s <= Math.ScaleB(1.0, 40) ? s : 0;
    }

    /// <summary>
    /// The largest |x_f − μ_f| (centred in float, as <see cref="ScreenRows.Center(ReadOnlySpan{float}, int, int, float[])"/>
    /// does) over the <paramref name="real"/> real rows of row-major <paramref name="rows"/>, or NaN when some real
    /// row's centred norm fails <see cref="ScreenRows"/>' check (the screen cannot be used): one pass, no centred copy.
    /// </summary>
    public static double CentredMaxAbs(float[] rows, int real, int d, float[] mean)
    {
        var max = new double[FeatureCopy.PartsFor(real, d)];
        FeatureCopy.ForEachPart(real, max.Length, (p, first, end) => max[p] = CentredMaxAbs(rows, (long)first * d, end - first, d, 1, d, mean));
        return Max(max);
    }

    /// <summary><see cref="CentredMaxAbs(float[], int, int, float[])"/> over the real rows of <paramref name="segment"/>, read where they lie (<see cref="PackedRows.Rows"/>).</summary>
    public static double CentredMaxAbs(PackedRows segment, float[] mean)
    {
        int count = segment.Count, d = segment.Dimension;
        var max = new double[FeatureCopy.PartsFor(count, d)];
        FeatureCopy.ForEachPart(count, max.Length, (p, first, end) =>
        {
            var rows = segment.Rows;
            int step = segment.Step;
            double m = 0;
            for (int r = first; r < end && !double.IsNaN(m); r++)
                m = Math.Max(m, CentredMaxAbs(rows, segment.Start(r), 1, 0, step, d, mean));
            max[p] = m;
        });
        return Max(max);
    }

    // The largest part; NaN when a part holds a failed row.
    private static double Max(double[] parts)
    {
        double m = 0;
        foreach (double x in parts)
            m = double.IsNaN(x) || double.IsNaN(m) ? double.NaN : Math.Max(m, x);
        return m;
    }

    // `rows` rows, the first's feature 0 at `start`, then every `rowStep`; features `featureStep` apart. The norm check
    // decides as ScreenRows.Center's, which sums in double in feature order (see RowMaxAbs).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe double CentredMaxAbs(float[] values, long start, int rows, long rowStep, int featureStep, int d, float[] mean)
    {
        float m = 0;
        Span<float> row = featureStep == 1 ? default : d <= 512 ? stackalloc float[d] : new float[d];
        fixed (float* v = values, mu = mean, gathered = row)
            for (int r = 0; r < rows; r++, start += rowStep)
            {
                float* x = v + start;
                if (featureStep != 1)
                {
                    for (int f = 0; f < d; f++)
                        gathered[f] = values[start + f * featureStep];
                    x = gathered;
                }
                float a = RowMaxAbs(x, mu, d);
                if (float.IsNaN(a))
                    return double.NaN;
                if (a > m)
                    m = a;
            }
        return m;
    }

    /// <summary>
    /// Centres row-major rows by <paramref name="mean"/> (in float, as <see cref="ScreenRows"/> does) and rounds them
    /// (<paramref name="real"/> real rows, then padding up to <paramref name="padded"/> rows, never read); null when too many rows blur (see the remarks).
    /// </summary>
    public static QuantizedRows? RowMajor(float[] source, int real, int padded, int d, double s, float[] mean)
    {
        int pairs = Pairs(d);
        var rows = new short[padded * 2 * pairs];
        var norms = GC.AllocateUninitializedArray<float>(padded);
        var blurred = new int[FeatureCopy.PartsFor(padded, d)];
        FeatureCopy.ForEachPart(padded, blurred.Length, (p, first, end) => blurred[p] = RowMajorPart(source, real, d, s, mean, rows, norms, first, end));
        return blurred.Sum() * 64 > real ? null : new QuantizedRows(rows, norms);
    }

    // Rows [first, end) of RowMajor; returns how many blur.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int RowMajorPart(float[] source, int real, int d, double s, float[] mean, short[] rows, float[] norms, int first, int end)
    {
        int pairs = Pairs(d), blurred = 0;
        double inverse = 1 / s;
        fixed (float* x = source, mu = mean)
        fixed (short* to = rows)
            for (int i = first; i < end; i++)
                norms[i] = i < real ? Row(x + (long)i * d, mu, d, inverse, to + (long)i * 2 * pairs).Norm(s, d, ref blurred) : float.NaN;
        return blurred;
    }

    /// <summary>Centres the real rows of <paramref name="segment"/> by <paramref name="mean"/> (read where they lie, <see cref="PackedRows.Rows"/>) and rounds them into the packed pair layout; null when too many rows blur.</summary>
    public static QuantizedRows? Packed(PackedRows segment, double s, float[] mean)
    {
        const int lanes = PackedRows.Lanes;
        int count = segment.Count, d = segment.Dimension, padded = segment.PaddedCount, blocks = segment.Blocks, pairs = Pairs(d);
        var rows = new short[blocks * pairs * lanes * 2];
        var norms = GC.AllocateUninitializedArray<float>(padded);
        var blurred = new int[FeatureCopy.PartsFor(padded, d)];
        FeatureCopy.ForEachPart(blocks, blurred.Length, (p, first, end) => blurred[p] = PackedPart(segment, s, mean, rows, norms, first, end));
        return blurred.Sum() * 64 > count ? null : new QuantizedRows(rows, norms);
    }

    /// <summary>
    /// <see cref="Packed"/> of <paramref name="segment"/> when its real rows are, in order, those of
    /// <paramref name="rowMajor"/> (made by <see cref="RowMajor"/> at the same scale and mean): the same rounded values
    /// and norms, moved into the packed pair layout instead of computed again (the same sums in the same order give the
    /// same values; the same rows blur, so both copies exist or neither).
    /// </summary>
    public static QuantizedRows Repacked(QuantizedRows rowMajor, PackedRows segment)
    {
        const int lanes = PackedRows.Lanes;
        int count = segment.Count, d = segment.Dimension, padded = segment.PaddedCount, blocks = segment.Blocks, pairs = Pairs(d);
        var rows = new short[blocks * pairs * lanes * 2];
        var norms = GC.AllocateUninitializedArray<float>(padded);
        // A pair of features is one 32-bit unit in both layouts: row r's pair p at r·pairs + p, and at (b·pairs + p)·8 + l.
        var from = System.Runtime.InteropServices.MemoryMarshal.Cast<short, int>(rowMajor.Rows.AsSpan());
        var to = System.Runtime.InteropServices.MemoryMarshal.Cast<short, int>(rows.AsSpan());
        // Full blocks: one gather of a pair's 8 rows per store.
        int full = Avx2.IsSupported ? count / lanes : 0;
        if (full > 0)
            unsafe
            {
                var index = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7) * pairs;
                fixed (int* f = from, t = to)
                    for (int b = 0; b < full; b++)
                        for (int p = 0; p < pairs; p++)
                            Avx.Store(t + (b * pairs + p) * lanes,
                                Avx2.GatherVector256(f + (long)b * lanes * pairs + p, index, 4));
            }
        for (int r = full * lanes; r < count; r++)
        {
            int b = r / lanes, l = r % lanes;
            for (int p = 0; p < pairs; p++)
                to[(b * pairs + p) * lanes + l] = from[r * pairs + p];
        }
        rowMajor.Norms.AsSpan(0, count).CopyTo(norms);
        norms.AsSpan(count).Fill(float.NaN);
        return new QuantizedRows(rows, norms);
    }

    // Blocks [first, end) of Packed; returns how many rows blur.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int PackedPart(PackedRows segment, double s, float[] mean, short[] rows, float[] norms, int first, int end)
    {
        const int lanes = PackedRows.Lanes;
        int count = segment.Count, d = segment.Dimension, pairs = Pairs(d), blurred = 0, step = segment.Step;
        var source = segment.Rows;
        double inverse = 1 / s;
        // One row at a time through Row (as RowMajor, so both round and sum alike), into a row-major scratch row whose
        // feature pairs (one 32-bit unit each) then move to the packed layout; strided rows are gathered first.
        Span<short> scratch = pairs <= 512 ? stackalloc short[2 * pairs] : new short[2 * pairs];
        Span<float> gather = step == 1 ? default : d <= 512 ? stackalloc float[d] : new float[d];
        scratch.Clear();
        fixed (float* x = source, mu = mean, gathered = gather)
        fixed (short* row = scratch, packed = rows)
        {
            int* from = (int*)row, to = (int*)packed;
            for (int b = first; b < end; b++)
            {
                int real = Math.Clamp(count - b * lanes, 0, lanes);
                for (int l = 0; l < real; l++)
                {
                    long start = segment.Start(b * lanes + l);
                    float* r = x + start;
                    if (step != 1)
                    {
                        for (int f = 0; f < d; f++)
                            gathered[f] = source[start + f * step];
                        r = gathered;
                    }
                    norms[b * lanes + l] = Row(r, mu, d, inverse, row).Norm(s, d, ref blurred);
                    for (int p = 0; p < pairs; p++)
                        to[(b * pairs + p) * lanes + l] = from[p];
                }
                for (int l = real; l < lanes; l++)
                    norms[b * lanes + l] = float.NaN;
            }
        }
        return blurred;
    }

    // One row's sums for its reduced norm; every term is exact or bounded above (see the remarks).
    private struct RowStats
    {
        // square and abs sum integers below 2⁵³ (exact); blur and centred sum exact products and round, by at most
        // d·2⁻⁵³ relative, which the slack c (≥ 2⁻¹⁷·d) and the 2⁻⁴⁰·n term below cover many times over.
        private double square, abs, blur, centred;

        public RowStats(double square, double abs, double blur, double centred)
        {
            this.square = square;
            this.abs = abs;
            this.blur = blur;
            this.centred = centred;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public short Add(float x, double inverse)
        {
            double y = x * inverse; // exact: 1/s is a power of two in range
            double r = Math.Round(y);
            square += r * r;
            abs += Math.Abs(r);
            blur += Math.Abs(r * (y - r));
            centred += (double)x * x;
            return (short)(int)r;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Norm(double s, int d, ref int blurred)
        {
            double s2 = s * s, n = centred + s2 * square;
            double loss = s2 * (2 * blur + abs);
            // What ρ loses against the row's own squared norm: the bound's terms, and what rounding took off the integer
            // norm itself (a row whose values round to zero loses all of it while its bound terms are 0).
            if (loss + Math.Max(0, centred - s2 * square) > centred / 64)
                blurred++;
            // 2⁻⁴⁰·n covers the rounding of this double arithmetic (s² is a power of two: s²·square is exact).
            double rho = s2 * square - loss - (ScreenRows.Slack(d) + Math.ScaleB(1.0, -40)) * n - ScreenRows.Underflow(d) / 2;
            return ScreenRows.RoundDown(rho);
        }
    }
}
