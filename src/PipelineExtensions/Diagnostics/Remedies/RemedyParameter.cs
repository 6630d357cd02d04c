using System.Globalization;

namespace PipelineExtensions.Diagnostics;

/// <summary>
/// One setting of a <see cref="Remedy"/>: the suggested value (a number or a text) and, when the best value is
/// uncertain, the range or choices an AutoML sweep should search.
/// </summary>
public sealed record RemedyParameter
{
    private RemedyParameter(string name, double? number, string? text, double? low, double? high, bool logScale, IReadOnlyList<string>? choices)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (low is not null && high is not null && !(low <= high))
            throw new ArgumentException($"Remedy parameter '{name}': low {low} must not exceed high {high}.", nameof(low));
        if (logScale && !(low > 0))
            throw new ArgumentException($"Remedy parameter '{name}': a log-scale range needs a positive low bound, got {low}.", nameof(low));
        Name = name;
        Number = number;
        Text = text;
        Low = low;
        High = high;
        LogScale = logScale;
        Choices = choices;
    }

    /// <summary>The option property the value is for (e.g. <c>LearningRate</c>).</summary>
    public string Name { get; }

    /// <summary>The suggested numeric value, or null for a text parameter.</summary>
    public double? Number { get; }

    /// <summary>The suggested text value (an enum member, a metric name, a class), or null for a numeric parameter.</summary>
    public string? Text { get; }

    /// <summary>The lower bound of the search range, or null.</summary>
    public double? Low { get; }

    /// <summary>The upper bound of the search range, or null.</summary>
    public double? High { get; }

    /// <summary>Search the range on a log scale (learning rates, weight decay).</summary>
    public bool LogScale { get; }

    /// <summary>The alternatives a sweep should try, or null.</summary>
    public IReadOnlyList<string>? Choices { get; }

    /// <summary>True when the parameter has a range or choices, i.e. belongs in an AutoML search space.</summary>
    public bool IsSearchable => Choices is { Count: > 1 } || (Low is not null && High is not null && Low < High);

    /// <summary>A numeric setting, optionally with a search range.</summary>
    public static RemedyParameter Numeric(string name, double value, double? low = null, double? high = null, bool logScale = false) =>
        new(name, value, null, low, high, logScale, null);

    /// <summary>A text setting with the alternatives to search; <paramref name="value"/> should be one of them.</summary>
    public static RemedyParameter Choice(string name, string value, params string[] choices) =>
        new(name, null, value, null, null, false, choices.Length == 0 ? null : choices);

    /// <summary>A fixed text setting.</summary>
    public static RemedyParameter Fixed(string name, string value) => new(name, null, value, null, null, false, null);

    /// <summary>The suggested value as text (numbers in invariant culture).</summary>
    public string DisplayValue => Text ?? Number?.ToString("G4", CultureInfo.InvariantCulture) ?? "";

    /// <summary>The search range or choices as text, or an empty string.</summary>
    public string DisplaySearch =>
        Choices is { Count: > 1 } ? "{" + string.Join(", ", Choices) + "}"
        : Low is not null && High is not null ? string.Create(CultureInfo.InvariantCulture, $"[{Low:G3}, {High:G3}]{(LogScale ? " log" : "")}")
        : "";

    /// <inheritdoc />
    public override string ToString() => DisplaySearch.Length == 0 ? $"{Name} = {DisplayValue}" : $"{Name} = {DisplayValue} in {DisplaySearch}";
}
