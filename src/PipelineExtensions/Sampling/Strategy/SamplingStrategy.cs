using System.Globalization;
using PipelineExtensions.Data;

namespace PipelineExtensions.Sampling;

/// <summary>
/// Which classes a sampler resamples and to what counts, with imbalanced-learn's <c>sampling_strategy</c>
/// semantics (<c>check_sampling_strategy</c> in 0.10), resolved per class by <see cref="Resolve(KeyColumn, SamplingKind)"/>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><see cref="Auto"/>: <see cref="NotMajority"/> for over-samplers, <see cref="NotMinority"/> for under-samplers and cleaners.</item>
/// <item><see cref="Minority"/>, <see cref="Majority"/>, <see cref="NotMinority"/>, <see cref="NotMajority"/>, <see cref="All"/>:
/// over-samplers raise each targeted class to the majority count; under-samplers lower each targeted class to the
/// minority count; cleaners may clean each targeted class. Ties between equally large (small) classes go to the
/// lowest class index, as <c>np.unique</c> order does in imbalanced-learn.</item>
/// <item><see cref="Ratio"/> (binary only): over-sampling gives the minority <c>floor(ratio · N_majority)</c> rows;
/// under-sampling gives the majority <c>floor(N_minority / ratio)</c> rows.</item>
/// <item><see cref="Counts"/>: the number of rows each listed class has after resampling.</item>
/// <item><see cref="Classes"/>: the classes a cleaner may clean (cleaners only).</item>
/// </list>
/// Classes that do not occur in the data (a key value with no rows) take no part, as in imbalanced-learn.
/// </remarks>
public sealed class SamplingStrategy
{
    private readonly Rule _rule;
    private readonly double _ratio;
    private readonly IReadOnlyDictionary<string, int>? _counts;
    private readonly IReadOnlyList<string>? _classes;

    private enum Rule { Auto, Minority, Majority, NotMinority, NotMajority, All, Ratio, Counts, Classes }

    private SamplingStrategy(Rule rule, double ratio = 0, IReadOnlyDictionary<string, int>? counts = null, IReadOnlyList<string>? classes = null)
    {
        _rule = rule;
        _ratio = ratio;
        _counts = counts;
        _classes = classes;
    }

    /// <summary>"auto": not majority for over-samplers, not minority for under-samplers and cleaners (the default).</summary>
    public static SamplingStrategy Auto { get; } = new(Rule.Auto);

    /// <summary>"minority": resample only the smallest class (over-samplers only).</summary>
    public static SamplingStrategy Minority { get; } = new(Rule.Minority);

    /// <summary>"majority": resample only the largest class (under-samplers and cleaners only).</summary>
    public static SamplingStrategy Majority { get; } = new(Rule.Majority);

    /// <summary>"not minority": resample every class but the smallest.</summary>
    public static SamplingStrategy NotMinority { get; } = new(Rule.NotMinority);

    /// <summary>"not majority": resample every class but the largest.</summary>
    public static SamplingStrategy NotMajority { get; } = new(Rule.NotMajority);

    /// <summary>"all": resample every class.</summary>
    public static SamplingStrategy All { get; } = new(Rule.All);

    /// <summary>
    /// A float strategy for binary labels: N_minority / N_majority after resampling, in (0, 1].
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ratio"/> is outside (0, 1].</exception>
    public static SamplingStrategy Ratio(double ratio)
    {
        if (!(ratio > 0 && ratio <= 1))
            throw new ArgumentOutOfRangeException(nameof(ratio), ratio, $"A sampling ratio must be in (0, 1], got {ratio.ToString(CultureInfo.InvariantCulture)}.");
        return new(Rule.Ratio, ratio: ratio);
    }

    /// <summary>Target row counts after resampling, by class name (over- and under-samplers).</summary>
    /// <exception cref="ArgumentException">A count is negative.</exception>
    public static SamplingStrategy Counts(IReadOnlyDictionary<string, int> countsByClass)
    {
        ArgumentNullException.ThrowIfNull(countsByClass);
        foreach (var (name, count) in countsByClass)
            if (count < 0)
                throw new ArgumentException($"The number of samples in a class cannot be negative: class '{name}' asks for {count}.", nameof(countsByClass));
        return new(Rule.Counts, counts: new Dictionary<string, int>(countsByClass, StringComparer.Ordinal));
    }

    /// <summary>The classes a cleaner (Tomek links, ENN) may remove rows from.</summary>
    public static SamplingStrategy Classes(params string[] classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        return new(Rule.Classes, classes: classNames.ToArray());
    }

    /// <summary>
    /// Reads imbalanced-learn's string forms: "auto", "minority", "majority", "not minority", "not majority", "all",
    /// or a number in (0, 1] (invariant culture) for <see cref="Ratio"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Any other text; the message lists the accepted forms.</exception>
    public static SamplingStrategy Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        switch (text.Trim().ToLowerInvariant())
        {
            case "auto": return Auto;
            case "minority": return Minority;
            case "majority": return Majority;
            case "not minority": return NotMinority;
            case "not majority": return NotMajority;
            case "all": return All;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double ratio))
            return Ratio(ratio);
        throw new ArgumentException(
            $"Unknown sampling strategy '{text}'; use 'auto', 'minority', 'majority', 'not minority', 'not majority', 'all' or a ratio in (0, 1].",
            nameof(text));
    }

    /// <summary>
    /// Resolves the strategy for the class counts of <paramref name="labels"/>, as imbalanced-learn's
    /// <c>check_sampling_strategy</c> does: for over-sampling, the number of rows to add per targeted class;
    /// for under-sampling, the number of rows to keep per targeted class; for cleaning, the targeted classes
    /// (mapped to the minority count, as imbalanced-learn does).
    /// </summary>
    /// <returns>Targeted class names, in class-index order, with their numbers.</returns>
    /// <exception cref="ArgumentException">The strategy does not fit the labels or the kind of sampler; the message says why.</exception>
    public IReadOnlyDictionary<string, int> Resolve(KeyColumn labels, SamplingKind kind)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var resolved = Resolve(labels.CountPerClass(), labels.KeyType, kind);
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (cls, n) in resolved)
            result[labels.KeyType.ClassNames[cls]] = n;
        return result;
    }

    /// <summary>Resolves against per-class counts (index = key value); classes with count 0 are absent.</summary>
    internal SortedDictionary<int, int> Resolve(int[] counts, KeyType keyType, SamplingKind kind)
    {
        var present = Enumerable.Range(0, counts.Length).Where(c => counts[c] > 0).ToArray();
        if (present.Length <= 1)
            throw new ArgumentException(
                present.Length == 0
                    ? "The label column has no rows with a class; a sampler needs at least two classes."
                    : $"The label column has only one class ('{keyType.ClassNames[present[0]]}', {counts[present[0]]} rows); a sampler needs at least two classes.");
        // np.unique order + Python's max/min keep the first of equal counts: the lowest class index.
        int majority = present[0], minority = present[0];
        foreach (int c in present)
        {
            if (counts[c] > counts[majority]) majority = c;
            if (counts[c] < counts[minority]) minority = c;
        }
        int nMajority = counts[majority], nMinority = counts[minority];
        var result = new SortedDictionary<int, int>();
        var rule = _rule == Rule.Auto ? (kind == SamplingKind.OverSampling ? Rule.NotMajority : Rule.NotMinority) : _rule;
        switch (rule)
        {
            case Rule.Minority or Rule.Majority or Rule.NotMinority or Rule.NotMajority or Rule.All:
                if (rule == Rule.Minority && kind != SamplingKind.OverSampling)
                    throw new ArgumentException("Sampling strategy 'minority' cannot be used with an under-sampler or a cleaner.");
                if (rule == Rule.Majority && kind == SamplingKind.OverSampling)
                    throw new ArgumentException("Sampling strategy 'majority' cannot be used with an over-sampler.");
                foreach (int c in present)
                {
                    bool targeted = rule switch
                    {
                        Rule.Minority => c == minority,
                        Rule.Majority => c == majority,
                        Rule.NotMinority => c != minority,
                        Rule.NotMajority => c != majority,
                        _ => true,
                    };
                    if (targeted)
                        result[c] = kind == SamplingKind.OverSampling ? nMajority - counts[c] : nMinority;
                }
                break;
            case Rule.Ratio:
                if (present.Length != 2)
                    throw new ArgumentException($"A float sampling strategy (ratio {Fmt(_ratio)}) needs binary labels, but {present.Length} classes are present; use per-class counts instead.");
                if (kind == SamplingKind.OverSampling)
                {
                    foreach (int c in present)
                        if (c != majority)
                            result[c] = (int)(nMajority * _ratio - counts[c]);
                    if (result.Values.Any(n => n <= 0))
                        throw new ArgumentException(
                            $"Sampling ratio {Fmt(_ratio)} would need removing rows from the minority class '{keyType.ClassNames[minority]}' ({nMinority} rows vs {nMajority} majority rows) in an over-sampler; increase the ratio.");
                }
                else if (kind == SamplingKind.UnderSampling)
                {
                    foreach (int c in present)
                        if (c != minority)
                            result[c] = (int)(nMinority / _ratio);
                    foreach (var (c, n) in result)
                        if (n > counts[c])
                            throw new ArgumentException(
                                $"Sampling ratio {Fmt(_ratio)} would need {n} rows of class '{keyType.ClassNames[c]}', which has only {counts[c]}, in an under-sampler; increase the ratio.");
                }
                else
                {
                    throw new ArgumentException("A cleaner (Tomek links, ENN) does not take a sampling ratio; give the classes to clean instead.");
                }
                break;
            case Rule.Counts:
                if (kind == SamplingKind.Cleaning)
                    throw new ArgumentException("A cleaner (Tomek links, ENN) does not take per-class counts; give the classes to clean with SamplingStrategy.Classes(...).");
                foreach (var (name, n) in _counts!)
                {
                    int c = ClassIndex(name, keyType, counts);
                    if (kind == SamplingKind.OverSampling)
                    {
                        if (n < counts[c])
                            throw new ArgumentException(
                                $"Class '{name}' has {counts[c]} rows and the strategy asks for {n}; an over-sampler can only keep or add rows (ask for at least {counts[c]}).");
                        result[c] = n - counts[c];
                    }
                    else
                    {
                        if (n > counts[c])
                            throw new ArgumentException(
                                $"Class '{name}' has {counts[c]} rows and the strategy asks for {n}; an under-sampler can only keep or remove rows (ask for at most {counts[c]}).");
                        result[c] = n;
                    }
                }
                break;
            case Rule.Classes:
                if (kind != SamplingKind.Cleaning)
                    throw new ArgumentException("A list of classes is a strategy for cleaners (Tomek links, ENN); over- and under-samplers take per-class counts.");
                foreach (var name in _classes!)
                    result[ClassIndex(name, keyType, counts)] = nMinority;
                break;
        }
        return result;
    }

    private static int ClassIndex(string name, KeyType keyType, int[] counts)
    {
        int c = keyType.IndexOf(name);
        if (c < 0)
            throw new ArgumentException($"The sampling strategy names class '{name}', which is not a class of the label ({keyType.DisplayName}).");
        if (counts[c] == 0)
            throw new ArgumentException($"The sampling strategy names class '{name}', which has no rows in the data.");
        return c;
    }

    private static string Fmt(double v) => v.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override string ToString() => _rule switch
    {
        Rule.Ratio => Fmt(_ratio),
        Rule.Counts => "{" + string.Join(", ", _counts!.Select(p => $"'{p.Key}': {p.Value}")) + "}",
        Rule.Classes => "[" + string.Join(", ", _classes!.Select(n => $"'{n}'")) + "]",
        Rule.NotMinority => "not minority",
        Rule.NotMajority => "not majority",
        _ => _rule.ToString().ToLowerInvariant(),
    };
}
