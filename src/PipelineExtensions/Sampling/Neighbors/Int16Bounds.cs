namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>
/// The integer pre-verdict of <see cref="Int16Tile.ComputeScreenedBounded"/> for a search whose row thresholds never
/// rise above known bounds (<see cref="NearestNeighbours.NearestBelow"/>): per query row an integer A_q, per candidate
/// an integer B_c, such that q′·c′ &lt; A_q + B_c proves the 16-bit screen's value S = ρ_q + ρ_c − 2s²·(q′·c′), as the
/// kernel computes it in float, lies above the row's bound T_q. A tile whose 96 sums all fall below their A_q + B_c
/// is rejected before the float epilogue; any other tile gets the epilogue as before, so values and verdicts are the
/// plain kernel's wherever they are read.
/// </summary>
/// <remarks>
/// Why (u = 2⁻²⁴): the kernel computes fl(cvt(g)·(−2s²) + fl(ρ_q + ρ_c)) for g = q′·c′. The conversion errs by at
/// most u|g|, and 2s²|g| ≤ s²(‖q′‖² + ‖c′‖²); the sum by u(|ρ_q| + |ρ_c|); and when the exact value V of the fused step
/// is at least T + 2u|T| + 2⁻¹⁴⁸ ≥ the next float above T, it rounds to a float above T. So S_exact &gt; T + M with
/// M = 2u(s²‖q′‖² + |ρ_q| + 2|T|) + 2⁻¹⁴⁰ + 2u(s²‖c′‖² + |ρ_c|) = M_q + M_c (twice what is needed, which also covers
/// the double arithmetic here) makes the float value exceed T. S_exact &gt; T + M ⟺ g &lt; (ρ_q − T − M_q)/2s² +
/// (ρ_c − M_c)/2s², and A_q, B_c are those terms rounded down (minus 1). The kernel starts each sum at −B_c, so it
/// holds g − B_c; that value is exact when it fits in 32 bits, which <see cref="TryCreate"/> checks:
/// |g − B_c| ≤ (‖q′‖² + ‖c′‖²)/2 + |B_c| &lt; 2³¹. Thresholds below the bound only reject more in float, never less.
/// </remarks>
internal sealed class Int16Bounds
{
    private Int16Bounds(int[] rows, int[] negatedCandidates)
    {
        Rows = rows;
        NegatedCandidates = negatedCandidates;
    }

    /// <summary>A_q per padded query row (int.MinValue: never rejected, int.MaxValue for a −∞ bound).</summary>
    public int[] Rows { get; }

    /// <summary>−B_c per padded candidate (0 for padding lanes, whose NaN norms reject them anyway).</summary>
    public int[] NegatedCandidates { get; }

    /// <summary>
    /// The pre-verdict's integers for the 16-bit operands <paramref name="qo"/> (<paramref name="nq"/> real query rows
    /// of <paramref name="paddedQ"/>, <paramref name="nc"/> real candidates of <paramref name="paddedC"/>) and the
    /// rows' bounds <paramref name="limits"/>; null for the 8-bit screen or when a sum could leave 32 bits.
    /// </summary>
    public static unsafe Int16Bounds? TryCreate(QuantOperands qo, int nq, int paddedQ, int nc, int paddedC, float[] limits)
    {
        if (!qo.Usable || qo.Bytes)
            return null;
        const double u2 = 2.0 / (1 << 24);
        int pairs = qo.Pairs;
        double s2 = -(double)qo.Scale / 2, twoS2 = -(double)qo.Scale;
        long maxQ = 0, maxC = 0;
        var rows = new int[paddedQ];
        for (int i = 0; i < paddedQ; i++)
        {
            float t = limits[i];
            if (i >= nq || t == float.NegativeInfinity)
            {
                rows[i] = int.MaxValue;
                continue;
            }
            long n = 0;
            short* x = qo.Q + (long)i * 2 * pairs;
            for (int f = 0; f < 2 * pairs; f++)
                n += x[f] * x[f];
            maxQ = Math.Max(maxQ, n);
            double rho = qo.QNorms[i];
            if (t == float.PositiveInfinity)
            {
                rows[i] = int.MinValue;
                continue;
            }
            double margin = u2 * (s2 * n + Math.Abs(rho) + 2 * Math.Abs((double)t)) + Math.ScaleB(1, -140);
            rows[i] = Floor((rho - t - margin) / twoS2);
        }
        var negated = new int[paddedC];
        long maxB = 0;
        for (int j = 0; j < nc; j++)
        {
            long n = 0;
            short* x = qo.C + ((long)(j / PackedRows.Lanes) * pairs * PackedRows.Lanes + j % PackedRows.Lanes) * 2;
            for (int p = 0; p < pairs; p++)
            {
                short* at = x + (long)p * PackedRows.Lanes * 2;
                n += at[0] * at[0] + at[1] * at[1];
            }
            maxC = Math.Max(maxC, n);
            double rho = qo.CNorms[j];
            int b = Floor((rho - u2 * (s2 * n + Math.Abs(rho))) / twoS2);
            if (b == int.MinValue || b == int.MaxValue)
                return null;
            maxB = Math.Max(maxB, Math.Abs((long)b));
            negated[j] = -b;
        }
        return (maxQ + maxC) / 2 + maxB + 2 < int.MaxValue ? new Int16Bounds(rows, negated) : null;
    }

    // ⌊v⌋ − 1 clamped to the int range (the extra 1 covers the double arithmetic's last-bit error).
    private static int Floor(double v) =>
        v >= int.MaxValue ? int.MaxValue : v <= int.MinValue + 2.0 || double.IsNaN(v) ? int.MinValue : (int)Math.Floor(v) - 1;
}
