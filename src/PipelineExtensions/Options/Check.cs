using System.Runtime.CompilerServices;

namespace PipelineExtensions.Options;

/// <summary>
/// Validation for options objects: each failure names the parameter, the value and the allowed range, so a
/// bad setting is caught where it is made rather than deep inside training.
/// </summary>
public static class Check
{
    /// <summary>Requires <paramref name="min"/> ≤ value ≤ <paramref name="max"/> (finite).</summary>
    public static double InRange(double value, double min, double max, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!(value >= min && value <= max))
            throw new ArgumentOutOfRangeException(Name(name), value, $"{Name(name)} must be in [{min}, {max}], got {value}.");
        return value;
    }

    /// <summary>Requires <paramref name="min"/> ≤ value ≤ <paramref name="max"/>.</summary>
    public static int InRange(int value, int min, int max, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value < min || value > max)
            throw new ArgumentOutOfRangeException(Name(name), value, $"{Name(name)} must be in [{min}, {max}], got {value}.");
        return value;
    }

    /// <summary>Requires value &gt; 0 (finite).</summary>
    public static double Positive(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!(value > 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(Name(name), value, $"{Name(name)} must be a positive finite number, got {value}.");
        return value;
    }

    /// <summary>Requires value &gt; 0.</summary>
    public static int Positive(int value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value <= 0)
            throw new ArgumentOutOfRangeException(Name(name), value, $"{Name(name)} must be positive, got {value}.");
        return value;
    }

    /// <summary>Requires value ≥ 0 (finite).</summary>
    public static double NonNegative(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!(value >= 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(Name(name), value, $"{Name(name)} must be a non-negative finite number, got {value}.");
        return value;
    }

    /// <summary>Requires value ≥ 0.</summary>
    public static int NonNegative(int value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value < 0)
            throw new ArgumentOutOfRangeException(Name(name), value, $"{Name(name)} must be non-negative, got {value}.");
        return value;
    }

    /// <summary>Requires a non-empty column (or other) name.</summary>
    public static string NotEmpty(string? value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new ArgumentException($"{Name(name)} must not be empty.", Name(name));
        return value;
    }

    // "options.LearningRate" reads better as "LearningRate" in a message about an options property.
    private static string Name(string? expression)
    {
        if (string.IsNullOrEmpty(expression))
            return "value";
        int dot = expression.LastIndexOf('.');
        return dot >= 0 ? expression[(dot + 1)..] : expression;
    }
}
