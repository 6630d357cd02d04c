using System.Globalization;

namespace PipelineExtensions.Diagnostics;

/// <summary>
/// One measured number behind a <see cref="Finding"/>, with the threshold it was compared against when there is
/// one, e.g. "predicted share of 'Sandal'" = 0.97 compared "≥" 0.8.
/// </summary>
/// <param name="Name">What was measured.</param>
/// <param name="Value">The measurement.</param>
/// <param name="Format">How to display <paramref name="Value"/> (and <paramref name="Threshold"/>).</param>
/// <param name="Comparison">The test that made it count ("≥", "≤", "&gt;", "&lt;"), or null for context figures.</param>
/// <param name="Threshold">The option's value it was compared against, or null.</param>
public sealed record Evidence(string Name, double Value, EvidenceFormat Format = EvidenceFormat.Number, string? Comparison = null, double? Threshold = null)
{
    /// <summary>The value formatted for display.</summary>
    public string DisplayValue => Display(Value, Format);

    /// <summary>The test formatted for display ("≥ 80.0%"), or an empty string.</summary>
    public string DisplayTest => Comparison is null || Threshold is null ? "" : $"{Comparison} {Display(Threshold.Value, Format)}";

    /// <inheritdoc />
    public override string ToString() => DisplayTest.Length == 0 ? $"{Name} = {DisplayValue}" : $"{Name} = {DisplayValue} ({DisplayTest})";

    /// <summary>Formats a number as <paramref name="format"/> says, invariant culture.</summary>
    public static string Display(double value, EvidenceFormat format)
    {
        var ci = CultureInfo.InvariantCulture;
        if (double.IsNaN(value))
            return "NaN";
        if (double.IsInfinity(value))
            return value > 0 ? "∞" : "-∞";
        return format switch
        {
            EvidenceFormat.Percent => (value * 100).ToString("0.0", ci) + "%",
            EvidenceFormat.Count => value.ToString("N0", ci),
            EvidenceFormat.Ratio => value.ToString("0.##", ci) + ":1",
            EvidenceFormat.Epoch => (value + 1).ToString("0", ci),
            _ => value.ToString("G4", ci),
        };
    }
}

/// <summary>How an <see cref="Evidence"/> value is displayed.</summary>
public enum EvidenceFormat
{
    /// <summary>A plain number, 4 significant digits.</summary>
    Number,

    /// <summary>A fraction shown as a percentage (0.5 → 50.0%).</summary>
    Percent,

    /// <summary>A whole count.</summary>
    Count,

    /// <summary>A ratio shown as "12.5:1".</summary>
    Ratio,

    /// <summary>A 0-based epoch index shown 1-based, as training logs print it.</summary>
    Epoch,
}
