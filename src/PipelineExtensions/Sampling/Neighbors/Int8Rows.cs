using System.Runtime.CompilerServices;

namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>
/// Centred rows (<see cref="ScreenRows"/>) rounded to 6-bit integers for the 8-bit screen (<see cref="Int8Tile"/>):
/// x̃ = round(s·x′) ∈ [−31, 31] with one scale s for all rows (not a power of two: at 6 bits a factor up to 2 of
/// resolution matters), queries stored unsigned as x̃ + 32, candidates signed, features in quads (4 bytes, one
/// 32-bit unit) and a reduced norm ρ per row such that, with k = −2/s² (a float; s is defined from it) and the
/// kernel's integer dot product g = Σ(q̃_f + 32)·c̃_f, S = (ρ_q + ρ_c) + k·g computed in float is never above the
/// direct kernel's distance of the original rows. Passing lanes get their exact distance recomputed as before.
/// </summary>
/// <remarks>
/// Why S is a lower bound (u = 2⁻²⁴, δ = x̃ − s·x′ with |δ_f| ≤ h = ½ + 2⁻³⁰ — the ½ of rounding plus the error
/// of s·x′ in double —, r_x = ‖x′‖²(1 − c) − A/2 the <see cref="ScreenRows"/> reduced norm, D_c the exact distance of the centred rows,
/// D̂ the direct kernel's value):
/// <list type="bullet">
/// <item>s²·q′·c′ = (q̃ − δ_q)·(c̃ − δ_c) ≤ q̃·c̃ + h‖q̃‖₁ + h‖c̃‖₁ + (‖δ_q‖² + ‖δ_c‖²)/2, so
/// D_c ≥ Σ_x (‖x′‖² − (2h‖x̃‖₁ + ‖δ_x‖²)/s²) + k·q̃·c̃; and q̃·c̃ = g − 32·Σc̃_f, so −32k·Σc̃_f joins the
/// candidate's term.</item>
/// <item>c and A of <see cref="ScreenRows"/> cover D_c ≤ D̂ +
/// (2d + 10.1)u(‖q′‖² + ‖c′‖²) + d·2⁻¹⁵⁰ many times over (its remarks), so r_x can stand for ‖x′‖².</item>
/// <item>The kernel's sums are exact integers: a <c>vpmaddubsw</c> pair sum is at most 2·63·32 = 4,032 in
/// magnitude (no saturation), 8 quads of them (32 features) at most 32,256 in an int16 lane before they are widened
/// to 32 bits; |g| ≤ 2,016·d &lt; 2²⁴ (d ≤ <see cref="MaxDimension"/>) converts to float exactly. The sum
/// ρ_q + ρ_c and the fused k·g + sum round once each: at most u|k·g| + 2.01u(|ρ_q| + |ρ_c|) + 2⁻¹⁵⁰, and
/// |k·g| ≤ (‖q̃ + 32‖² + ‖c̃‖²)/s², per-row terms.</item>
/// <item>So ρ_x = r_x − (2h‖x̃‖₁ + ‖δ_x‖² + d·2⁻⁴⁰)/s² [− 32k·Σc̃_f] − 5u(|ρ⁰_x| + M_x/s²) − 2⁻¹⁴⁹ − 2⁻⁴⁰·(sizes),
/// rounded down (M_x the squared norm of the stored integers, ρ⁰_x the value before the rounding terms; 5u covers
/// the 2.01u on ρ_x itself and its rounding to float; 2⁻⁴⁰ the double arithmetic), gives S ≤ D̂.</item>
/// </list>
/// <see cref="Factor"/> declines (the 16-bit screen is tried) without AVX2, above <see cref="MaxDimension"/> and
/// when k would leave [2⁻¹⁰⁰, 2¹⁰⁰]. <see cref="Queries"/> and <see cref="Packed"/> decline when the rounding loss
/// (2h‖x̃‖₁/s²) exceeds <see cref="MaxLoss"/> of the squared norm for more than one row in 64: a far outlier sets s and
/// would leave the others a few levels, so the screen would pass nearly every pair.
/// </remarks>
internal sealed class Int8Rows
{
    /// <summary>Largest |x̃|: 6 bits.</summary>
    public const int Level = 31;

    /// <summary>Added to the query values so that they are unsigned (the first operand of <c>vpmaddubsw</c>).</summary>
    public const int Offset = 32;

    /// <summary>Features above which the kernel's dot product might not convert to float exactly.</summary>
    public const int MaxDimension = 4096;

    /// <summary>The largest rounding loss, relative to the squared norm, a typical row may have (see the remarks).</summary>
    public const double MaxLoss = 0.25;

    // s·max|x′| ≤ 31.4, so that k's rounding (2⁻²⁴ relative) cannot push a value past 31.5.
    private const double Span = Level + 0.4;

    private const double H = 0.5 + 1.0 / (1L << 30);

    private Int8Rows(byte[] rows, float[] norms)
    {
        Rows = rows;
        Norms = norms;
    }

    /// <summary>Queries: row-major, 4·quads bytes per row (x̃ + 32; 0 past d). Candidates: block b, quad p, lane l, byte j at ((b·quads + p)·8 + l)·4 + j (x̃ as sbyte; 0 past d).</summary>
    public byte[] Rows { get; }

    /// <summary>Reduced norm ρ per (padded) row: NaN for padding rows.</summary>
    public float[] Norms { get; }

    /// <summary>Feature quads per row: ⌈d/4⌉.</summary>
    public static int Quads(int d) => (d + 3) / 4;

    /// <summary>
    /// k = −2/s² for centred values up to <paramref name="maxAbs"/> in magnitude (s·maxAbs ≤ 31.4), or 0 when the
    /// 8-bit screen cannot be used (see the remarks).
    /// </summary>
    public static float Factor(double maxAbs, int d)
    {
        if (!System.Runtime.Intrinsics.X86.Avx2.IsSupported || d > MaxDimension || !(maxAbs > 0) || !(maxAbs < 1e30))
            return 0;
        double s = Span / maxAbs;
        float k = (float)(-2 / (s * s));
        return -k >= Math.ScaleB(1.0, -100) && -k <= Math.ScaleB(1.0, 100) ? k : 0;
    }

    // The scale s that k stands for (within 2⁻⁵³ relative; h covers the difference).
    private static double ScaleOf(float k) => Math.Sqrt(-2.0 / k);

    /// <summary>
    /// Centres row-major rows by <paramref name="mean"/> (in float, as <see cref="ScreenRows"/> does) and rounds them
    /// (<paramref name="real"/> real, then padding up to <paramref name="source"/>.Length / d, never read); null when too many rows blur.
    /// </summary>
    public static Int8Rows? Queries(float[] source, int real, int d, float k, float[] mean)
    {
        int padded = source.Length / d, width = 4 * Quads(d);
        var rows = new byte[padded * width];
        var norms = GC.AllocateUninitializedArray<float>(padded);
        var blurred = new int[FeatureCopy.PartsFor(padded, d)];
        FeatureCopy.ForEachPart(padded, blurred.Length, (p, first, end) => blurred[p] = QueriesPart(source, real, d, k, mean, rows, norms, first, end));
        return blurred.Sum() * 64 > real ? null : new Int8Rows(rows, norms);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int QueriesPart(float[] x, int real, int d, float k, float[] mean, byte[] rows, float[] norms, int first, int end)
    {
        int width = 4 * Quads(d), blurred = 0;
        double s = ScaleOf(k);
        for (int i = first; i < end; i++)
        {
            if (i >= real)
            {
                norms[i] = float.NaN;
                continue;
            }
            var stats = default(RowStats);
            for (int f = 0; f < d; f++)
            {
                int v = stats.Add(x[i * d + f] - mean[f], s);
                rows[i * width + f] = (byte)(v + Offset);
                stats.Magnitude += (double)(v + Offset) * (v + Offset) - (double)v * v; // M uses the stored unsigned value
            }
            norms[i] = stats.Norm(k, d, 0, ref blurred);
        }
        return blurred;
    }

    /// <summary>Centres packed rows by <paramref name="mean"/> and rounds them (<paramref name="count"/> real lanes, padding never read) into the packed quad layout; null when too many rows blur.</summary>
    public static Int8Rows? Packed(float[] source, int count, int d, float k, float[] mean)
    {
        const int lanes = PackedRows.Lanes;
        int padded = source.Length / d, blocks = padded / lanes;
        var rows = new byte[padded * 4 * Quads(d)];
        var norms = GC.AllocateUninitializedArray<float>(padded);
        var blurred = new int[FeatureCopy.PartsFor(padded, d)];
        FeatureCopy.ForEachPart(blocks, blurred.Length, (p, first, end) => blurred[p] = PackedPart(source, count, d, k, mean, rows, norms, first, end));
        return blurred.Sum() * 64 > count ? null : new Int8Rows(rows, norms);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int PackedPart(float[] x, int count, int d, float k, float[] mean, byte[] rows, float[] norms, int first, int end)
    {
        const int lanes = PackedRows.Lanes;
        int quads = Quads(d), blurred = 0;
        double s = ScaleOf(k);
        // A block's 8 rows side by side: contiguous reads, and 8 independent sum chains instead of one row's.
        Span<RowStats> stats = stackalloc RowStats[lanes];
        for (int b = first; b < end; b++)
        {
            stats.Clear();
            int real = Math.Clamp(count - b * lanes, 0, lanes);
            for (int f = 0; f < d; f++)
            {
                int from = (b * d + f) * lanes, to = ((b * quads + f / 4) * lanes) * 4 + (f & 3);
                float mu = mean[f];
                for (int l = 0; l < real; l++)
                {
                    int v = stats[l].Add(x[from + l] - mu, s);
                    rows[to + 4 * l] = (byte)(sbyte)v;
                    stats[l].Sum += v;
                }
            }
            for (int l = 0; l < lanes; l++)
            {
                int row = b * lanes + l;
                norms[row] = l < real ? stats[l].Norm(k, d, stats[l].Sum, ref blurred) : float.NaN;
            }
        }
        return blurred;
    }

    // One row's sums for its reduced norm; the integer sums are exact in double, the others are covered by 2⁻⁴⁰.
    private struct RowStats
    {
        private double abs, delta, centred;

        /// <summary>Σ of the stored integers squared (M).</summary>
        public double Magnitude;

        /// <summary>Σ c̃_f (candidates).</summary>
        public int Sum;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Add(float x, double s)
        {
            double y = x * s;
            double r = Math.Round(y);
            abs += Math.Abs(r);
            delta += (r - y) * (r - y);
            Magnitude += r * r;
            centred += (double)x * x;
            return (int)r;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly float Norm(float k, int d, int sum, ref int blurred)
        {
            // ScreenRows' reduced norm of the centred row, summed in double in feature order as it does.
            double reduced = centred * (1 - ScreenRows.Slack(d)) - ScreenRows.Underflow(d) / 2;
            double inv = -0.5 * k; // 1/s², exact
            double loss = (2 * H * abs + delta + d * Math.ScaleB(1.0, -40)) * inv;
            if (loss > MaxLoss * centred)
                blurred++;
            double shift = -32.0 * k * sum;
            double rho = reduced - loss + shift;
            double size = Math.Abs(reduced) + loss + Math.Abs(shift);
            rho -= 5 * Math.ScaleB(1.0, -24) * (Math.Abs(rho) + Magnitude * inv) + Math.ScaleB(1.0, -40) * size + Math.ScaleB(1.0, -149);
            float f = (float)rho;
            return f > rho ? MathF.BitDecrement(f) : f;
        }
    }
}
