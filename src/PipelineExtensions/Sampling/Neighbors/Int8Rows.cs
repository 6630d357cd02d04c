using System.Runtime.CompilerServices;

namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>
/// Centred rows (centred as <see cref="ScreenRows"/> does) rounded to 6-bit integers for the 8-bit screen
/// (<see cref="Int8Tile"/>): each row x′ by its own scale s_x (31.4 over its largest |x′_f|), x̃ = round(s_x·x′) ∈
/// [−31, 31], x̂ = x̃/s_x; queries stored unsigned as q̃ + 32, candidates signed, features in quads (4 bytes, one
/// 32-bit unit). Per row a reduced norm ρ and a factor (queries κ_q = −2/s_q, candidates κ_c = 1/s_c, floats that
/// define the scales), per candidate the integer 32·Σc̃_f, such that with the kernel's dot product
/// g = Σ(q̃_f + 32)·c̃_f, S = (ρ_q + ρ_c) + κ_q·(κ_c·(g − 32Σc̃_f)) computed in float is never above the direct
/// kernel's distance of the original rows. Passing lanes get their exact distance recomputed as before.
/// </summary>
/// <remarks>
/// Why S is a lower bound (u = 2⁻²⁴; e_x = x̂ − x′; D_c the exact distance of the centred rows; D̂ the direct
/// kernel's value; t &gt; 0 one number for the whole search):
/// <list type="bullet">
/// <item>−2q′·c′ = −2q̂·ĉ + 2q′·e_c + 2e_q·ĉ (q̂ = q′ + e_q), and 2|a·b| ≤ t‖a‖² + ‖b‖²/t, so
/// D_c ≥ ‖q′‖² + ‖c′‖² − 2q̂·ĉ − L_q − L_c with L_q = t‖q′‖² + ‖e_q‖²/t and L_c = t‖ĉ‖² + ‖e_c‖²/t: per-row
/// terms. One scale per row (not one for all) keeps ‖e‖ small where a far value elsewhere would blur every row;
/// t near √(mean ‖e‖² / mean ‖x′‖²) makes L smallest (Cauchy–Schwarz instead of the coarser ½‖x̃‖₁ per row).</item>
/// <item>−2q̂·ĉ = κ_q·κ_c·q̃·c̃ and q̃·c̃ = g − 32Σc̃_f, an exact integer: a <c>vpmaddubsw</c> pair sum is at most
/// 2·63·32 = 4,032 in magnitude (no saturation), 8 quads (32 features) of them at most 32,256 in an int16 lane before
/// they are widened to 32 bits, and |q̃·c̃| ≤ 961·d &lt; 2²⁴ (d ≤ <see cref="MaxDimension"/>) converts to float
/// exactly.</item>
/// <item>‖x′‖² is represented by ScreenRows' r_x = ‖x′‖²(1 − c) − A/2: its c and A cover D_c ≤ D̂ +
/// (2d + 10.1)u(‖q′‖² + ‖c′‖²) + d·2⁻¹⁵⁰ many times over (its remarks).</item>
/// <item>The float epilogue: κ_c·g′, the sum ρ_q + ρ_c and the fused κ_q·(…) + sum round once each: at most
/// 2.01u(|κ_qκ_c g′| + |ρ_q| + |ρ_c|) + (|κ_q| + 1)·2⁻¹⁵⁰, and |κ_qκ_c g′| = 2|q̂·ĉ| ≤ ‖q̂‖² + ‖ĉ‖²: per-row
/// terms again.</item>
/// <item>So ρ_x = r_x − L_x − 3u(|ρ⁰_x| + ‖x̂‖²) − (|κ_x| + 1)·2⁻¹⁴⁹ − 2⁻⁴⁰·(sizes), rounded down (ρ⁰_x = r_x − L_x;
/// 3u covers the 2.01u on ρ_x itself and its own rounding to float; 2⁻⁴⁰ the double arithmetic of the row sums
/// and of the scales, which are computed in double from the float factors), gives S ≤ D̂.</item>
/// </list>
/// Used where the 16-bit screen declines (<see cref="ScreenedSegments"/>). <see cref="Create"/> declines (the float
/// screen is used) without AVX2, above <see cref="MaxDimension"/>, when
/// the largest |x′| is 0 or leaves [2⁻⁵⁰, 2⁵⁰], and <see cref="Queries"/> and <see cref="Packed"/> decline when
/// L_x exceeds <see cref="MaxLoss"/> of ‖x′‖² for more than one row in 64 (rows too unlike each other for one t).
/// A row's scale is at most 2²⁰ times the common one (31.4 over the largest |x′| of all rows), so factors stay
/// normal floats; a row of zeros gets that largest scale.
/// </remarks>
internal sealed class Int8Rows
{
    /// <summary>Added to the query values so that they are unsigned (the first operand of <c>vpmaddubsw</c>).</summary>
    public const int Offset = 32;

    /// <summary>Features above which the kernel's dot product might not convert to float exactly.</summary>
    public const int MaxDimension = 4096;

    /// <summary>The largest rounding loss L_x, relative to ‖x′‖², a typical row may have (see the remarks).</summary>
    public const double MaxLoss = 0.25;

    // s·max|x′_f| ≤ 31.4: the factors' rounding (2⁻²⁴ relative) cannot push a value past 31.5.
    private const double Span = 31.4;

    private Int8Rows(byte[] rows, float[] norms, float[] factors, int[]? offsets)
    {
        Rows = rows;
        Norms = norms;
        Factors = factors;
        Offsets = offsets;
    }

    /// <summary>Queries: row-major, 4·quads bytes per row (q̃ + 32; 0 past d). Candidates: block b, quad p, lane l, byte j at ((b·quads + p)·8 + l)·4 + j (c̃ as sbyte; 0 past d).</summary>
    public byte[] Rows { get; }

    /// <summary>Reduced norm ρ per (padded) row: NaN for padding rows.</summary>
    public float[] Norms { get; }

    /// <summary>Per (padded) row: κ_q = −2/s_q (queries) or κ_c = 1/s_c (candidates); 0 for padding rows.</summary>
    public float[] Factors { get; }

    /// <summary>Candidates: 32·Σc̃_f per (padded) row; null for queries.</summary>
    public int[]? Offsets { get; }

    /// <summary>Feature quads per row: ⌈d/4⌉.</summary>
    public static int Quads(int d) => (d + 3) / 4;

    /// <summary>
    /// The search-wide parameters: the smallest row scale's reciprocal bound (<c>floor</c>: a row's largest |x′|
    /// counts as at least this) and t, from <paramref name="maxAbs"/> (the largest centred |x′| of all rows) and a
    /// sample of the query rows; null when the 8-bit screen cannot be used (see the remarks).
    /// </summary>
    public static (double Floor, double T)? Create(float[] queries, int nq, int d, float[] mean, double maxAbs)
    {
        if (!System.Runtime.Intrinsics.X86.Avx2.IsSupported || d > MaxDimension || nq == 0
            || !(maxAbs >= Math.ScaleB(1.0, -50)) || !(maxAbs <= Math.ScaleB(1.0, 50)))
            return null;
        double floor = maxAbs * Math.ScaleB(1.0, -20);
        // t ≈ √(mean ‖e‖² / mean ‖x′‖²), with ‖e‖² ≈ d·(max|x′_f|/Span)²/12 (rounding errors uniform in ±½ of a step).
        double e = 0, n = 0;
        for (int i = 0, step = Math.Max(1, nq / 2048); i < nq; i += step)
        {
            float m = 0;
            for (int f = 0; f < d; f++)
            {
                float v = queries[i * d + f] - mean[f];
                m = MathF.Max(m, MathF.Abs(v));
                n += (double)v * v;
            }
            double step2 = Math.Max(m, floor) / Span;
            e += d * step2 * step2 / 12;
        }
        return (floor, n > 0 && e > 0 ? Math.Sqrt(e / n) : 1.0);
    }

    /// <summary>
    /// Centres row-major rows by <paramref name="mean"/> (in float, as <see cref="ScreenRows"/> does) and rounds them
    /// (<paramref name="real"/> real, then padding up to <paramref name="padded"/> rows, never read); null when too many rows blur.
    /// </summary>
    public static Int8Rows? Queries(float[] source, int real, int padded, int d, float[] mean, (double Floor, double T) p)
    {
        int width = 4 * Quads(d);
        var rows = new byte[padded * width];
        var norms = GC.AllocateUninitializedArray<float>(padded);
        var factors = new float[padded];
        var blurred = new int[FeatureCopy.PartsFor(padded, d)];
        FeatureCopy.ForEachPart(padded, blurred.Length, (part, first, end) => blurred[part] = QueriesPart(source, real, d, mean, p, rows, norms, factors, first, end));
        return blurred.Sum() * 64 > real ? null : new Int8Rows(rows, norms, factors, null);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int QueriesPart(float[] x, int real, int d, float[] mean, (double Floor, double T) p, byte[] rows, float[] norms, float[] factors, int first, int end)
    {
        int width = 4 * Quads(d), blurred = 0;
        for (int i = first; i < end; i++)
        {
            if (i >= real)
            {
                norms[i] = float.NaN;
                continue;
            }
            float m = 0;
            for (int f = 0; f < d; f++)
                m = MathF.Max(m, MathF.Abs(x[i * d + f] - mean[f]));
            float kappa = (float)(-2 * Math.Max(m, p.Floor) / Span);
            double s = -2.0 / kappa;
            var stats = default(RowStats);
            for (int f = 0; f < d; f++)
                rows[i * width + f] = (byte)(stats.Add(x[i * d + f] - mean[f], s) + Offset);
            factors[i] = kappa;
            norms[i] = stats.Norm(d, p.T, query: true, kappa, ref blurred);
        }
        return blurred;
    }

    /// <summary>Centres the real rows of <paramref name="segment"/> by <paramref name="mean"/> (read where they lie, <see cref="PackedRows.Rows"/>) and rounds them into the packed quad layout; null when too many rows blur.</summary>
    public static Int8Rows? Packed(PackedRows segment, float[] mean, (double Floor, double T) p)
    {
        int count = segment.Count, d = segment.Dimension, padded = segment.PaddedCount, blocks = segment.Blocks;
        var rows = new byte[padded * 4 * Quads(d)];
        var norms = GC.AllocateUninitializedArray<float>(padded);
        var factors = new float[padded];
        var offsets = new int[padded];
        var blurred = new int[FeatureCopy.PartsFor(padded, d)];
        FeatureCopy.ForEachPart(blocks, blurred.Length, (part, first, end) => blurred[part] = PackedPart(segment, mean, p, rows, norms, factors, offsets, first, end));
        return blurred.Sum() * 64 > count ? null : new Int8Rows(rows, norms, factors, offsets);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int PackedPart(PackedRows segment, float[] mean, (double Floor, double T) p, byte[] rows, float[] norms, float[] factors, int[] offsets, int first, int end)
    {
        const int lanes = PackedRows.Lanes;
        int count = segment.Count, d = segment.Dimension, quads = Quads(d), blurred = 0, step = segment.Step;
        var x = segment.Rows;
        // A block's 8 rows side by side: 8 independent sum chains instead of one row's.
        Span<RowStats> stats = stackalloc RowStats[lanes];
        Span<long> starts = stackalloc long[lanes];
        Span<float> max = stackalloc float[lanes];
        Span<double> scale = stackalloc double[lanes];
        for (int b = first; b < end; b++)
        {
            stats.Clear();
            max.Clear();
            int real = Math.Clamp(count - b * lanes, 0, lanes);
            for (int l = 0; l < real; l++)
                starts[l] = segment.Start(b * lanes + l);
            for (int f = 0; f < d; f++)
                for (int l = 0; l < real; l++)
                    max[l] = MathF.Max(max[l], MathF.Abs(x[starts[l] + f * step] - mean[f]));
            for (int l = 0; l < real; l++)
            {
                factors[b * lanes + l] = (float)(Math.Max(max[l], p.Floor) / Span);
                scale[l] = 1.0 / factors[b * lanes + l];
            }
            for (int f = 0; f < d; f++)
            {
                int to = ((b * quads + f / 4) * lanes) * 4 + (f & 3);
                float mu = mean[f];
                for (int l = 0; l < real; l++)
                {
                    int v = stats[l].Add(x[starts[l] + f * step] - mu, scale[l]);
                    rows[to + 4 * l] = (byte)(sbyte)v;
                    offsets[b * lanes + l] += Offset * v;
                }
            }
            for (int l = 0; l < lanes; l++)
            {
                int row = b * lanes + l;
                norms[row] = l < real ? stats[l].Norm(d, p.T, query: false, factors[row], ref blurred) : float.NaN;
            }
        }
        return blurred;
    }

    // One row's sums for its reduced norm (see the remarks): the integer sums are exact in double, the others are
    // covered by the 2⁻⁴⁰ terms.
    private struct RowStats
    {
        private double centred, error, rounded;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Add(float x, double s)
        {
            double r = Math.Round(x * s);
            double e = r / s - x;
            centred += (double)x * x;
            error += e * e;
            rounded += r * r;
            return (int)r;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly float Norm(int d, double t, bool query, float kappa, ref int blurred)
        {
            // ScreenRows' reduced norm of the centred row, summed in double in feature order as it does.
            double reduced = centred * (1 - ScreenRows.Slack(d)) - ScreenRows.Underflow(d) / 2;
            // ‖x̂‖² = ‖x̃‖²/s²: s = −2/κ for queries, 1/κ for candidates.
            double inv = query ? kappa / 2 : kappa;
            double hat = rounded * inv * inv;
            double loss = t * (query ? centred : hat) + error / t;
            if (loss > MaxLoss * centred)
                blurred++;
            double rho = reduced - loss;
            double size = Math.Abs(reduced) + loss + hat + centred;
            rho -= 3 * Math.ScaleB(1.0, -24) * (Math.Abs(rho) + hat) + Math.ScaleB(1.0, -40) * size + (Math.Abs(kappa) + 1) * Math.ScaleB(1.0, -149);
            return ScreenRows.RoundDown(rho);
        }
    }
}
