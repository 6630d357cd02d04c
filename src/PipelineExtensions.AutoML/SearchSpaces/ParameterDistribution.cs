using System.Globalization;

namespace PipelineExtensions.AutoML.SearchSpaces;

/// <summary>
/// The range of one hyperparameter. Every value has an <em>internal</em> representation as a
/// <see cref="double"/> (the number itself for floats and integers, the choice index for categoricals), which
/// is what tuners model and trial stores persist — Optuna's <c>to_internal_repr</c> convention.
/// </summary>
public abstract class ParameterDistribution
{
    private protected ParameterDistribution(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("A parameter needs a non-empty name.", nameof(name));
        Name = name;
    }

    /// <summary>The parameter's name, unique within its search space (nested branches included).</summary>
    public string Name { get; }

    /// <summary>True when <paramref name="internalValue"/> is a value this distribution can produce.</summary>
    public abstract bool Contains(double internalValue);

    /// <summary>The user-facing value for an internal value (a boxed double, long or choice object).</summary>
    public abstract object ToExternal(double internalValue);

    /// <summary>The internal value for a user-facing value; throws naming the parameter when it is outside the range.</summary>
    public abstract double ToInternal(object value);

    /// <summary>Formats an internal value for tables and logs.</summary>
    public virtual string Format(double internalValue) =>
        Convert.ToString(ToExternal(internalValue), CultureInfo.InvariantCulture) ?? "";

    /// <summary>Draws a value uniformly (uniform in log space for log distributions).</summary>
    internal abstract double SampleUniform(Randomness.SeededRandom random);

    private protected ArgumentOutOfRangeException OutOfRange(object value, string allowed) =>
        new(Name, value, $"Parameter '{Name}': {Convert.ToString(value, CultureInfo.InvariantCulture)} is outside {allowed}.");
}
