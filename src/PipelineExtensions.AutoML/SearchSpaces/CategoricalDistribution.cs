using System.Globalization;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.AutoML.SearchSpaces;

/// <summary>
/// A choice among a fixed list of values (strings, numbers or booleans). Each choice may carry a nested
/// <see cref="SearchSpace"/> whose parameters exist only when that choice is active — a conditional
/// parameter such as <c>sampler = "smote" → k ∈ 3..10</c>. The internal value is the choice index.
/// </summary>
public sealed class CategoricalDistribution : ParameterDistribution
{
    private readonly object[] _choices;
    private readonly SearchSpace?[] _branches;

    /// <summary>Creates a categorical parameter without conditional branches.</summary>
    public CategoricalDistribution(string name, params object[] choices) : this(name, choices, null)
    {
    }

    /// <summary>Creates a categorical parameter; <paramref name="branches"/>[i] (may be null) is active when choice i is.</summary>
    public CategoricalDistribution(string name, IReadOnlyList<object> choices, IReadOnlyList<SearchSpace?>? branches) : base(name)
    {
        ArgumentNullException.ThrowIfNull(choices);
        if (choices.Count == 0)
            throw new ArgumentException($"Parameter '{name}': a categorical parameter needs at least one choice.", nameof(choices));
        _choices = new object[choices.Count];
        for (int i = 0; i < choices.Count; i++)
        {
            var c = choices[i] ?? throw new ArgumentException($"Parameter '{name}': choice {i} is null.", nameof(choices));
            if (c is not (string or bool or int or long or double or float))
                throw new ArgumentException($"Parameter '{name}': choice {i} is a {c.GetType().Name}; choices must be strings, numbers or booleans.", nameof(choices));
            for (int j = 0; j < i; j++)
                if (SameChoice(_choices[j], c))
                    throw new ArgumentException($"Parameter '{name}': choice '{Format(c)}' appears twice.", nameof(choices));
            _choices[i] = c;
        }
        if (branches is not null && branches.Count != choices.Count)
            throw new ArgumentException($"Parameter '{name}': {branches.Count} branches for {choices.Count} choices.", nameof(branches));
        _branches = branches?.ToArray() ?? new SearchSpace?[choices.Count];
    }

    /// <summary>The choices in order; the internal value of choice i is i.</summary>
    public IReadOnlyList<object> Choices => _choices;

    /// <summary>The nested space active under each choice (null where the choice has none).</summary>
    public IReadOnlyList<SearchSpace?> Branches => _branches;

    /// <summary>True when at least one choice carries nested parameters.</summary>
    public bool HasBranches => _branches.Any(b => b is { Count: > 0 });

    /// <summary>The index of <paramref name="value"/> among the choices, or −1.</summary>
    public int IndexOf(object value)
    {
        for (int i = 0; i < _choices.Length; i++)
            if (SameChoice(_choices[i], value))
                return i;
        return -1;
    }

    /// <inheritdoc />
    public override bool Contains(double internalValue) =>
        internalValue >= 0 && internalValue < _choices.Length && internalValue == Math.Floor(internalValue);

    /// <inheritdoc />
    public override object ToExternal(double internalValue) => _choices[(int)internalValue];

    /// <inheritdoc />
    public override double ToInternal(object value)
    {
        int i = IndexOf(value);
        if (i < 0)
            throw OutOfRange(value, "{" + string.Join(", ", _choices.Select(Format)) + "}");
        return i;
    }

    /// <inheritdoc />
    public override string Format(double internalValue) => Format(_choices[(int)internalValue]);

    internal override double SampleUniform(SeededRandom random) => random.NextInt(_choices.Length);

    internal static string Format(object choice) => choice switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(choice, CultureInfo.InvariantCulture) ?? "",
    };

    // 64 and 64L and 64.0 are the same choice: configs written in JSON cannot tell them apart.
    private static bool SameChoice(object a, object b)
    {
        if (a is string || b is string || a is bool || b is bool)
            return a.Equals(b);
        return Convert.ToDouble(a, CultureInfo.InvariantCulture) == Convert.ToDouble(b, CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: one of {{{string.Join(", ", _choices.Select(Format))}}}";
}
