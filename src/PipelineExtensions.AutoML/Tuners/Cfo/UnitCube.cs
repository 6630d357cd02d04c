using PipelineExtensions.AutoML.SearchSpaces;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.AutoML.Tuners.Cfo;

/// <summary>
/// Maps every parameter of a space (nested ones included) to a coordinate in [0, 1], as FLAML normalises its
/// spaces: linear or logarithmic for numbers, the bin of a choice for numeric (ordered) categoricals, and for
/// unordered categoricals a coordinate whose bin either keeps the reference choice or draws another one.
/// </summary>
internal sealed class UnitCube
{
    private readonly ParameterDistribution[] _dims;

    public UnitCube(SearchSpace space) => _dims = space.AllParameters.ToArray();

    public int Dimension => _dims.Length;

    public IReadOnlyList<ParameterDistribution> Dimensions => _dims;

    /// <summary>The coordinates of <paramref name="values"/>; parameters absent (inactive) keep <paramref name="fallback"/>'s.</summary>
    public double[] Normalize(IReadOnlyDictionary<string, double> values, double[]? fallback, IReadOnlyDictionary<string, double>? reference, double[]? referenceCoordinates)
    {
        var x = new double[_dims.Length];
        for (int i = 0; i < _dims.Length; i++)
        {
            var p = _dims[i];
            if (!values.TryGetValue(p.Name, out double v))
            {
                x[i] = fallback?[i] ?? 0.5;
                continue;
            }
            x[i] = p switch
            {
                FloatDistribution f => Linear(v, f.Low, f.High, f.Log),
                IntDistribution n => Linear(v, n.Low, n.High, n.Log),
                CategoricalDistribution c when IsOrdered(c) => (OrderedRank(c, (int)v) + 0.5) / c.Choices.Count,
                // FLAML: same choice as the reference keeps its coordinate; another choice sits one bin further.
                CategoricalDistribution c when reference is not null && referenceCoordinates is not null && reference.TryGetValue(p.Name, out double r) =>
                    r == v ? referenceCoordinates[i] : (referenceCoordinates[i] + 1.0 / c.Choices.Count) % 1.0,
                CategoricalDistribution => 0.5,
                _ => 0.5,
            };
        }
        return x;
    }

    /// <summary>The parameter values of coordinates <paramref name="x"/> (active parameters only).</summary>
    public Dictionary<string, double> Denormalize(SearchSpace space, double[] x, IReadOnlyDictionary<string, double>? reference, double[]? referenceCoordinates, SeededRandom random)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _dims.Length; i++)
            index[_dims[i].Name] = i;
        return space.Assign((p, _) =>
        {
            int i = index[p.Name];
            double u = Math.Clamp(x[i], 0, 1);
            switch (p)
            {
                case FloatDistribution f:
                    return f.Snap(Unlinear(u, f.Low, f.High, f.Log));
                case IntDistribution n:
                    return n.Snap(Unlinear(u, n.Low, n.High, n.Log));
                case CategoricalDistribution c:
                    int count = c.Choices.Count;
                    int bin = Math.Min(count - 1, (int)Math.Floor(u * count));
                    if (IsOrdered(c))
                        return ChoiceAtRank(c, bin);
                    if (reference is not null && referenceCoordinates is not null && reference.TryGetValue(p.Name, out double r))
                    {
                        int referenceBin = Math.Min(count - 1, (int)Math.Floor(referenceCoordinates[i] * count));
                        if (bin == referenceBin || count == 1)
                            return r;
                        int other = random.NextInt(count - 1);
                        return other >= r ? other + 1 : other;
                    }
                    return bin;
                default:
                    throw new NotSupportedException($"CFO cannot search {p.GetType().Name} '{p.Name}'.");
            }
        });
    }

    /// <summary>FLAML's lower bound on the step: the smallest move that still changes an integer or stepped value.</summary>
    public double StepLowerBound(IReadOnlyDictionary<string, double> best)
    {
        double lb = double.PositiveInfinity;
        foreach (var p in _dims)
        {
            switch (p)
            {
                case IntDistribution { Log: false } n when n.High > n.Low:
                    lb = Math.Min(lb, (double)n.Step / (n.High - n.Low));
                    break;
                case IntDistribution { Log: true } n when n.High > n.Low && best.TryGetValue(p.Name, out double v):
                    lb = Math.Min(lb, Math.Log(1.0 + 1.0 / v) / Math.Log((double)n.High / n.Low));
                    break;
                case FloatDistribution { Step: { } s } f when f.High > f.Low:
                    lb = Math.Min(lb, s / (f.High - f.Low));
                    break;
            }
        }
        return double.IsPositiveInfinity(lb) ? Flow2.StepLowerBoundDefault : lb * Math.Sqrt(Math.Max(1, Dimension));
    }

    private static double Linear(double v, double low, double high, bool log)
    {
        if (high <= low)
            return 0.5;
        return log ? Math.Log(v / low) / Math.Log(high / low) : (v - low) / (high - low);
    }

    private static double Unlinear(double u, double low, double high, bool log)
    {
        if (high <= low)
            return low;
        return log ? low * Math.Pow(high / low, u) : low + u * (high - low);
    }

    private static bool IsOrdered(CategoricalDistribution c) => c.Choices.All(v => v is int or long or double or float) && !c.HasBranches;

    private static int OrderedRank(CategoricalDistribution c, int index) =>
        Enumerable.Range(0, c.Choices.Count).OrderBy(i => Convert.ToDouble(c.Choices[i], System.Globalization.CultureInfo.InvariantCulture)).ToList().IndexOf(index);

    private static int ChoiceAtRank(CategoricalDistribution c, int rank) =>
        Enumerable.Range(0, c.Choices.Count).OrderBy(i => Convert.ToDouble(c.Choices[i], System.Globalization.CultureInfo.InvariantCulture)).ElementAt(rank);
}
