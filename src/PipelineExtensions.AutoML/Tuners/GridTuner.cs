using PipelineExtensions.AutoML.SearchSpaces;
using PipelineExtensions.Options;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.AutoML.Tuners;

/// <summary>
/// Tries every combination exactly once: each categorical choice (with every combination of the parameters of
/// its branch — a conditional parameter multiplies only its own branch), every integer on its step grid, every
/// stepped float, and <see cref="FloatPoints"/> evenly spaced values (log-evenly for log ranges) of a continuous
/// float. Trial <c>n</c> takes combination <c>order[n]</c>, where <c>order</c> is a permutation fixed by the seed
/// (Optuna's GridSampler also visits the grid in random order), so parallel workers never repeat one; the sweep
/// stops after <see cref="ConfigurationCount"/> trials.
/// </summary>
public sealed class GridTuner : IFiniteTuner
{
    /// <summary>The largest grid accepted (the visiting order is kept in memory).</summary>
    public const long MaxConfigurations = 1 << 24;

    private readonly Lock _lock = new();
    private SearchSpace? _cachedSpace;
    private int[]? _order;

    /// <summary>Creates a grid tuner.</summary>
    /// <param name="floatPoints">Values per continuous float parameter (≥ 2; endpoints included).</param>
    /// <param name="seed">Seed of the visiting order.</param>
    /// <param name="shuffle">Visit in a seeded random order (default) or in lexicographic order.</param>
    public GridTuner(int floatPoints = 5, int seed = 0, bool shuffle = true)
    {
        FloatPoints = Check.InRange(floatPoints, 2, 10_000);
        Seed = seed;
        Shuffle = shuffle;
    }

    /// <summary>Values per continuous float parameter.</summary>
    public int FloatPoints { get; }

    /// <summary>Seed of the visiting order.</summary>
    public int Seed { get; }

    /// <summary>Whether the grid is visited in a seeded random order.</summary>
    public bool Shuffle { get; }

    /// <inheritdoc />
    public string Name => "grid";

    /// <inheritdoc />
    public long ConfigurationCount(SearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        double count = Count(space);
        if (count > MaxConfigurations)
            throw new ArgumentException(
                $"The grid has {count:G4} combinations, more than the {MaxConfigurations} a grid tuner visits; coarsen it (fewer float points, larger int steps) or use the random or TPE tuner.",
                nameof(space));
        return (long)count;
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Suggest(TunerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var order = Order(context.Space);
        if (context.TrialNumber >= order.Length)
            throw new InvalidOperationException($"The grid of {order.Length} combinations is exhausted (trial {context.TrialNumber}).");
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        Decode(context.Space, order[context.TrialNumber], values);
        return values;
    }

    /// <summary>Every combination in lexicographic order (for tests and small grids).</summary>
    public IEnumerable<IReadOnlyDictionary<string, double>> Enumerate(SearchSpace space)
    {
        long count = ConfigurationCount(space);
        for (long i = 0; i < count; i++)
        {
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            Decode(space, i, values);
            yield return values;
        }
    }

    private int[] Order(SearchSpace space)
    {
        lock (_lock)
        {
            if (_order is not null && ReferenceEquals(space, _cachedSpace))
                return _order;
            int count = (int)ConfigurationCount(space);
            var order = Shuffle ? new SeededRandom(Seed).Permutation(count) : Enumerable.Range(0, count).ToArray();
            (_cachedSpace, _order) = (space, order);
            return order;
        }
    }

    private double Count(SearchSpace space)
    {
        double product = 1;
        foreach (var p in space)
            product *= Count(p);
        return product;
    }

    private double Count(ParameterDistribution p) => p switch
    {
        CategoricalDistribution c => c.Branches.Sum(b => b is null ? 1.0 : Count(b)),
        _ => Values(p).Length,
    };

    // Mixed radix: the first parameter is the most significant digit.
    private void Decode(SearchSpace space, long index, Dictionary<string, double> values)
    {
        var parameters = space.ToArray();
        var digits = new long[parameters.Length];
        for (int i = parameters.Length - 1; i >= 0; i--)
        {
            long radix = (long)Count(parameters[i]);
            digits[i] = index % radix;
            index /= radix;
        }
        for (int i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            if (p is not CategoricalDistribution c)
            {
                values[p.Name] = Values(p)[digits[i]];
                continue;
            }
            long rest = digits[i];
            for (int choice = 0; choice < c.Choices.Count; choice++)
            {
                long size = c.Branches[choice] is { } b ? (long)Count(b) : 1;
                if (rest < size)
                {
                    values[p.Name] = choice;
                    if (c.Branches[choice] is { } branch)
                        Decode(branch, rest, values);
                    break;
                }
                rest -= size;
            }
        }
    }

    private double[] Values(ParameterDistribution p)
    {
        switch (p)
        {
            case IntDistribution i:
                if (i.Count > MaxConfigurations)
                    throw new ArgumentException($"Parameter '{p.Name}' has {i.Count} values, too many for a grid; give it a larger step.");
                return Enumerable.Range(0, (int)i.Count).Select(k => (double)(i.Low + k * i.Step)).ToArray();
            case FloatDistribution { Step: { } s } f:
                long n = (long)Math.Round((f.High - f.Low) / s) + 1;
                if (n > MaxConfigurations)
                    throw new ArgumentException($"Parameter '{p.Name}' has {n} values, too many for a grid; give it a larger step.");
                return Enumerable.Range(0, (int)n).Select(k => f.Snap(f.Low + k * s)).ToArray();
            case FloatDistribution f when f.Low == f.High:
                return [f.Low];
            case FloatDistribution f:
                return Enumerable.Range(0, FloatPoints).Select(k =>
                {
                    double t = (double)k / (FloatPoints - 1);
                    double v = f.Log ? Math.Exp(Math.Log(f.Low) + t * (Math.Log(f.High) - Math.Log(f.Low))) : f.Low + t * (f.High - f.Low);
                    return Math.Clamp(v, f.Low, f.High);
                }).ToArray();
            case CategoricalDistribution c:
                return Enumerable.Range(0, c.Choices.Count).Select(k => (double)k).ToArray();
            default:
                throw new NotSupportedException($"The grid tuner cannot enumerate {p.GetType().Name} '{p.Name}'.");
        }
    }
}
