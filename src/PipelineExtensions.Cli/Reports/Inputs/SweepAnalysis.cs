using System.Globalization;

namespace PipelineExtensions.Cli.Reports;

/// <summary>
/// What the sweep section shows, computed from the trials: the best-so-far curve, a parameter-importance proxy
/// and the normalised parallel-coordinates lines.
/// </summary>
/// <remarks>
/// Importance is a quick, model-free proxy, not fANOVA: |Spearman ρ| between a numeric parameter and the
/// objective, and the correlation ratio η (√ of between-category over total variance) for a categorical one.
/// Both lie in [0, 1].
/// </remarks>
internal sealed class SweepAnalysis
{
    public SweepAnalysis(SweepResults sweep)
    {
        Complete = sweep.Trials.Where(t => t.Counts).ToArray();
        var best = new double[Complete.Length];
        for (int i = 0; i < Complete.Length; i++)
        {
            double v = Complete[i].Objective;
            best[i] = i == 0 ? v : sweep.Maximize ? Math.Max(best[i - 1], v) : Math.Min(best[i - 1], v);
        }
        BestSoFar = best;
        Best = Complete.Length == 0 ? null : sweep.Maximize ? Complete.MaxBy(t => t.Objective) : Complete.MinBy(t => t.Objective);
        Parameters = Complete.SelectMany(t => t.Parameters.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(name => new ParameterAxis(name, Complete)).ToArray();
    }

    public SweepTrial[] Complete { get; }

    public double[] BestSoFar { get; }

    public SweepTrial? Best { get; }

    public ParameterAxis[] Parameters { get; }

    /// <summary>The importance proxy of each parameter (see the remarks).</summary>
    public double Importance(ParameterAxis axis)
    {
        var pairs = Complete.Where(t => t.Parameters.ContainsKey(axis.Name)).Select(t => (X: t.Parameters[axis.Name], Y: t.Objective)).ToArray();
        if (pairs.Length < 3)
            return double.NaN;
        if (axis.IsNumeric)
            return Math.Abs(Spearman(pairs.Select(p => Parse(p.X)).ToArray(), pairs.Select(p => p.Y).ToArray()));
        double mean = pairs.Average(p => p.Y), total = pairs.Sum(p => (p.Y - mean) * (p.Y - mean));
        if (total == 0)
            return 0;
        double between = pairs.GroupBy(p => p.X).Sum(g => g.Count() * Math.Pow(g.Average(p => p.Y) - mean, 2));
        return Math.Sqrt(between / total);
    }

    internal static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    internal static double Spearman(double[] x, double[] y)
    {
        double[] rx = Ranks(x), ry = Ranks(y);
        double mx = rx.Average(), my = ry.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < rx.Length; i++)
        {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.Sqrt(sxx * syy);
    }

    // Average ranks (ties share the mean of their positions), as scipy.stats.rankdata's default.
    private static double[] Ranks(double[] values)
    {
        int[] order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Length];
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j + 1 < order.Length && values[order[j + 1]] == values[order[i]])
                j++;
            for (int k = i; k <= j; k++)
                ranks[order[k]] = (i + j) / 2.0 + 1;
            i = j + 1;
        }
        return ranks;
    }
}

/// <summary>One parameter of the sweep as an axis: numeric (linear or log) or categorical.</summary>
internal sealed class ParameterAxis
{
    public ParameterAxis(string name, IReadOnlyList<SweepTrial> trials)
    {
        Name = name;
        var values = trials.Where(t => t.Parameters.ContainsKey(name)).Select(t => t.Parameters[name]).ToArray();
        IsNumeric = values.Length > 0 && values.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d));
        if (IsNumeric)
        {
            var numbers = values.Select(SweepAnalysis.Parse).ToArray();
            Min = numbers.Min();
            Max = numbers.Max();
            IsLog = Min > 0 && Max / Min >= 100;
            Categories = [];
        }
        else
        {
            Categories = values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        }
    }

    public string Name { get; }

    public bool IsNumeric { get; }

    public bool IsLog { get; }

    public double Min { get; }

    public double Max { get; }

    public string[] Categories { get; }

    /// <summary>The value's position on the axis in [0, 1], or NaN when the trial lacks the parameter.</summary>
    public double Position(SweepTrial trial)
    {
        if (!trial.Parameters.TryGetValue(Name, out var text))
            return double.NaN;
        if (!IsNumeric)
            return Categories.Length == 1 ? 0.5 : Array.IndexOf(Categories, text) / (double)(Categories.Length - 1);
        double v = SweepAnalysis.Parse(text);
        if (Max == Min)
            return 0.5;
        return IsLog ? Math.Log(v / Min) / Math.Log(Max / Min) : (v - Min) / (Max - Min);
    }

    /// <summary>The axis' range for the legend table.</summary>
    public string Describe() => IsNumeric
        ? string.Create(CultureInfo.InvariantCulture, $"{Min:G4} … {Max:G4}{(IsLog ? " (log)" : "")}")
        : string.Join(", ", Categories);
}
