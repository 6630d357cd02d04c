namespace PipelineExtensions.Diagnostics;

/// <summary>Small numeric helpers the detectors share: curve statistics on per-epoch series and confidence scaling.</summary>
internal static class DetectorMath
{
    /// <summary>How far <paramref name="value"/> has gone from <paramref name="threshold"/> towards <paramref name="full"/>, clamped to [0, 1].</summary>
    public static double Scale(double value, double threshold, double full) =>
        full == threshold ? (value >= threshold ? 1 : 0) : Math.Clamp((value - threshold) / (full - threshold), 0, 1);

    /// <summary>True when every value is finite.</summary>
    public static bool AllFinite(ReadOnlySpan<double> series)
    {
        foreach (double v in series)
            if (!double.IsFinite(v))
                return false;
        return true;
    }

    /// <summary>The index of the smallest value (the first on ties).</summary>
    public static int ArgMin(ReadOnlySpan<double> series)
    {
        int best = 0;
        for (int i = 1; i < series.Length; i++)
            if (series[i] < series[best])
                best = i;
        return best;
    }

    /// <summary>The mean of the last <paramref name="count"/> values.</summary>
    public static double TailMean(ReadOnlySpan<double> series, int count)
    {
        count = Math.Clamp(count, 1, series.Length);
        double sum = 0;
        foreach (double v in series[^count..])
            sum += v;
        return sum / count;
    }

    /// <summary>
    /// Of the consecutive pairs of non-zero differences, the fraction whose signs differ (0 for a monotone curve,
    /// 1 for a zig-zag); 0 when fewer than two differences are non-zero.
    /// </summary>
    public static double SignChangeFraction(ReadOnlySpan<double> series)
    {
        int pairs = 0, changes = 0, previous = 0;
        for (int i = 1; i < series.Length; i++)
        {
            int sign = Math.Sign(series[i] - series[i - 1]);
            if (sign == 0)
                continue;
            if (previous != 0)
            {
                pairs++;
                if (sign != previous)
                    changes++;
            }
            previous = sign;
        }
        return pairs == 0 ? 0 : (double)changes / pairs;
    }

    /// <summary>The sum of absolute differences between consecutive values.</summary>
    public static double TotalVariation(ReadOnlySpan<double> series)
    {
        double sum = 0;
        for (int i = 1; i < series.Length; i++)
            sum += Math.Abs(series[i] - series[i - 1]);
        return sum;
    }

    /// <summary>The mean of the values.</summary>
    public static double Mean(ReadOnlySpan<double> series)
    {
        double sum = 0;
        foreach (double v in series)
            sum += v;
        return series.Length == 0 ? double.NaN : sum / series.Length;
    }

    /// <summary>Relative decrease per epoch, <c>(s[i−1] − s[i]) / |s[i−1]|</c>, for i = 1..n−1.</summary>
    public static double[] RelativeDecreases(ReadOnlySpan<double> series)
    {
        var result = new double[Math.Max(0, series.Length - 1)];
        for (int i = 1; i < series.Length; i++)
            result[i - 1] = series[i - 1] == 0 ? 0 : (series[i - 1] - series[i]) / Math.Abs(series[i - 1]);
        return result;
    }

    /// <summary>The number of present classes (support &gt; 0) of a confusion matrix.</summary>
    public static int PresentClasses(Training.ConfusionMatrix m)
    {
        int present = 0;
        for (int c = 0; c < m.ClassCount; c++)
            if (m.Support(c) > 0)
                present++;
        return present;
    }

    /// <summary>Largest over smallest non-zero count, and the classes holding them (lowest index on ties).</summary>
    public static (double Ratio, int Majority, int Minority) ImbalanceRatio(IReadOnlyList<int> counts)
    {
        int majority = -1, minority = -1;
        for (int c = 0; c < counts.Count; c++)
        {
            if (counts[c] <= 0)
                continue;
            if (majority < 0 || counts[c] > counts[majority]) majority = c;
            if (minority < 0 || counts[c] < counts[minority]) minority = c;
        }
        return majority < 0 ? (1, -1, -1) : ((double)counts[majority] / counts[minority], majority, minority);
    }
}
