using System.Globalization;

namespace PipelineExtensions.Cli.Config;

/// <summary>Checks config values, throwing a <see cref="ConfigException"/> that names the field's JSON path and what was expected.</summary>
/// <param name="file">The config file, for the messages.</param>
public sealed class ConfigChecker(string file)
{
    /// <summary>The config file.</summary>
    public string File { get; } = file;

    /// <summary>Throws for <paramref name="field"/> with <paramref name="problem"/>.</summary>
    public ConfigException Fail(string field, string problem) => new(File, field, problem);

    /// <summary>Requires <paramref name="value"/> in [<paramref name="low"/>, <paramref name="high"/>].</summary>
    public double Range(string field, double value, double low, double high)
    {
        if (!(value >= low && value <= high))
            throw Fail(field, string.Create(CultureInfo.InvariantCulture, $"expected a number in [{low}, {high}], got {value}"));
        return value;
    }

    /// <summary>Requires a positive number.</summary>
    public double Positive(string field, double value)
    {
        if (!(value > 0) || double.IsInfinity(value))
            throw Fail(field, string.Create(CultureInfo.InvariantCulture, $"expected a positive number, got {value}"));
        return value;
    }

    /// <summary>Requires <paramref name="value"/> to be one of <paramref name="allowed"/> (case-sensitive).</summary>
    public string OneOf(string field, string? value, params string[] allowed)
    {
        if (value is null || !allowed.Contains(value, StringComparer.Ordinal))
            throw Fail(field, $"expected one of {string.Join(", ", allowed.Select(a => $"\"{a}\""))}, got {(value is null ? "null" : $"\"{value}\"")}");
        return value;
    }

    /// <summary>Requires a non-empty string.</summary>
    public string NotEmpty(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw Fail(field, "expected a non-empty string");
        return value;
    }
}
