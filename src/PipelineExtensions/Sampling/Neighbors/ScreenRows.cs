using System.Runtime.Intrinsics.X86;
using System.Runtime.CompilerServices;

namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>
/// Rows prepared for the GEMM-form screen (<see cref="DotTile"/>): centred by one shared mean and paired with each
/// row's <em>reduced</em> squared norm r = ‖x̃‖²·(1 − c) − A/2, rounded down. For two rows the screen value
/// S = r_q + r_c − 2 q̃·c̃, computed in float, is never above the distance the direct kernel computes for the
/// original rows, so a pair whose direct distance is ≤ a threshold always passes the screen; passing lanes get
/// their distance recomputed in the direct form (<see cref="PairBatch"/>), which alone enters the lists.
/// </summary>
/// <remarks>
/// Why S is a lower bound (u = 2⁻²⁴, N = ‖q̃‖² + ‖c̃‖² of the centred float rows, D the true distance of the original
/// rows, D̂ the direct kernel's value, D̃ = ‖q̃ − c̃‖² = N − 2q̃·c̃ exactly, γ_d = du/(1 − du)):
/// <list type="bullet">
/// <item>Centring: q̃_f = fl(q_f − μ_f) = (q_f − μ_f)(1 + δ), |δ| ≤ u (exact when the result is subnormal), so
/// ‖(q̃ − c̃) − (q − c)‖ ≤ u(‖q̃‖ + ‖c̃‖)(1 + u) and D̃ ≤ D + 6uN (using ‖q − c‖² ≤ 2.01N).</item>
/// <item>Direct form: t_f = fl(q_f − c_f) has relative error ≤ u, the d fused steps add γ_d relative and at most
/// d·2⁻¹⁵⁰ of underflow, so D ≤ D̂ + (d + 2.01)u·D + d·2⁻¹⁵⁰ ≤ D̂ + (2d + 4.1)uN + d·2⁻¹⁵⁰.</item>
/// <item>Screen: the norms are summed in double and rounded down (below ‖x̃‖²(1 − c) − A/2); the dot product's
/// d fused steps err by ≤ γ_d Σ|q̃_f c̃_f| + d·2⁻¹⁵⁰ ≤ γ_d N/2 + d·2⁻¹⁵⁰ (doubled by the −2); the sum r_q + r_c
/// and the final fused −2·dot + sum round once each (≤ uN and ≤ 2.01uN, plus 2⁻¹⁵⁰ each). So
/// S ≤ D̃ − cN − A + (γ_d + 3.01u)N + (d + 1)·2⁻¹⁴⁹.</item>
/// <item>Together: S ≤ D̂ + ((3d + 13.2)u − c)N + (1.5d + 1)·2⁻¹⁴⁹ − A. The code takes c = 2(8d + 24)u and
/// A = (4d + 16)·2⁻¹⁴⁹ — over five times the bound — so S ≤ D̂. Centring keeps N near the data's spread (no
/// cancellation against a large common offset), which keeps c·N far below the gaps between neighbour distances.</item>
/// </list>
/// Rows whose centred norm is not finite or above 10³⁰ (overflow of the dot products) make <c>Center</c>
/// return null and the search falls back to the direct kernel on every tile. Padding rows stay NaN (NaN norms), so
/// their screen values compare false, as in the direct kernel.
/// </remarks>
internal sealed class ScreenRows
{
    private const double MaxNorm = 1e30;

    private ScreenRows(float[] rows, float[] norms)
    {
        Rows = rows;
        Norms = norms;
    }

    /// <summary>The centred rows: row-major (queries) or packed like <see cref="PackedRows.Data"/> (candidates).</summary>
    public float[] Rows { get; }

    /// <summary>Reduced squared norm per (padded) row: NaN for padding rows.</summary>
    public float[] Norms { get; }

    /// <summary>The relative slack c of the screen for <paramref name="d"/> features (see the remarks).</summary>
    public static double Slack(int d) => 2.0 * (8.0 * d + 24.0) * Math.ScaleB(1.0, -24);

    /// <summary>The absolute slack A for underflow (see the remarks).</summary>
    public static double Underflow(int d) => (4.0 * d + 16.0) * Math.ScaleB(1.0, -149);

    /// <summary>The mean of <paramref name="count"/> row-major rows, or null when <paramref name="count"/> is 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float[] Mean(ReadOnlySpan<float> rows, int count, int d)
    {
        var sum = new double[d];
        for (int i = 0; i < count; i++)
        {
            var x = rows.Slice(i * d, d);
            for (int f = 0; f < d; f++)
                sum[f] += x[f];
        }
        var mean = new float[d];
        for (int f = 0; f < d; f++)
            mean[f] = count == 0 ? 0f : (float)(sum[f] / count);
        return mean;
    }

    /// <summary>The mean of the real rows of several packed segments.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float[] Mean(PackedRows[] segments, int d)
    {
        var sum = new double[d];
        long count = 0;
        foreach (var s in segments)
        {
            count += s.Count;
            // Read where the rows lie (their source when they have one: no packing).
            var rows = s.Rows;
            int step = s.Step;
            if (step == 1)
            {
                AddRows(rows, s, sum);
                continue;
            }
            for (int row = 0; row < s.Count; row++)
            {
                long start = s.Start(row);
                for (int f = 0; f < d; f++)
                    sum[f] += rows[start + f * step];
            }
        }
        var mean = new float[d];
        for (int f = 0; f < d; f++)
            mean[f] = count == 0 ? 0f : (float)(sum[f] / count);
        return mean;
    }

    // Adds the rows of a segment whose features are contiguous (step 1) to `sum`, four features per step: each
    // feature's sum still runs over the rows in row order, so the mean is the scalar loop's to the bit.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void AddRows(float[] rows, PackedRows segment, double[] sum)
    {
        int d = segment.Dimension, vectors = Avx.IsSupported ? d / 4 * 4 : 0;
        fixed (float* x = rows)
        fixed (double* total = sum)
            for (int row = 0; row < segment.Count; row++)
            {
                float* r = x + segment.Start(row);
                int f = 0;
                for (; f < vectors; f += 4)
                    Avx.Store(total + f, Avx.Add(Avx.LoadVector256(total + f), Avx.ConvertToVector256Double(Sse.LoadVector128(r + f))));
                for (; f < d; f++)
                    total[f] += r[f];
            }
    }

    /// <summary>
    /// Centres row-major rows (<paramref name="real"/> real rows, then padding rows of NaN up to
    /// <paramref name="rows"/>.Length / d), or returns null when the screen cannot be used.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ScreenRows? Center(ReadOnlySpan<float> rows, int real, int d, float[] mean)
    {
        if (!Usable(d))
            return null;
        int padded = rows.Length / d;
        var centred = GC.AllocateUninitializedArray<float>(padded * d);
        var norms = GC.AllocateUninitializedArray<float>(padded);
        double keep = 1.0 - Slack(d), half = Underflow(d) / 2;
        for (int i = 0; i < padded; i++)
        {
            var x = rows.Slice(i * d, d);
            var y = centred.AsSpan(i * d, d);
            double n = 0;
            for (int f = 0; f < d; f++)
            {
                float v = x[f] - mean[f];
                y[f] = v;
                n += (double)v * v;
            }
            if (i < real && !Fits(n))
                return null;
            norms[i] = i < real ? RoundDown(n * keep - half) : float.NaN;
        }
        return new ScreenRows(centred, norms);
    }

    /// <summary>Centres packed rows (same layout, NaN padding lanes kept), or returns null when the screen cannot be used.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ScreenRows? Center(PackedRows rows, float[] mean)
    {
        int d = rows.Dimension, lanes = PackedRows.Lanes;
        if (!Usable(d))
            return null;
        var centred = GC.AllocateUninitializedArray<float>(rows.Data.Length);
        var norms = GC.AllocateUninitializedArray<float>(rows.PaddedCount);
        var sums = new double[lanes];
        double keep = 1.0 - Slack(d), half = Underflow(d) / 2;
        for (int b = 0; b < rows.Blocks; b++)
        {
            var x = rows.Data.AsSpan(b * d * lanes, d * lanes);
            var y = centred.AsSpan(b * d * lanes, d * lanes);
            sums.AsSpan().Clear();
            for (int f = 0; f < d; f++)
                for (int l = 0; l < lanes; l++)
                {
                    float v = x[f * lanes + l] - mean[f];
                    y[f * lanes + l] = v;
                    sums[l] += (double)v * v;
                }
            for (int l = 0; l < lanes; l++)
            {
                int row = b * lanes + l;
                if (row < rows.Count && !Fits(sums[l]))
                    return null;
                norms[row] = row < rows.Count ? RoundDown(sums[l] * keep - half) : float.NaN;
            }
        }
        return new ScreenRows(centred, norms);
    }

    /// <summary>Whether the screen's bound holds for <paramref name="d"/> features: it needs c well below 1 (true for any d up to ~10⁵).</summary>
    public static bool Usable(int d) => Slack(d) < 0.25;

    /// <summary>Whether a real row of centred squared norm <paramref name="n"/> (summed in double, feature order) suits the screen: finite and at most 10³⁰.</summary>
    public static bool Fits(double n) => n <= MaxNorm;

    /// <summary>The largest float ≤ <paramref name="x"/> (a reduced norm must never round up).</summary>
    public static float RoundDown(double x)
    {
        float f = (float)x;
        return f > x ? MathF.BitDecrement(f) : f;
    }
}
