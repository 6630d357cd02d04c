using System.Globalization;

namespace PipelineExtensions.Cli.Reports;

/// <summary>
/// One trial of a hyperparameter sweep, as a generic row: its number, objective value, state and parameter values
/// as invariant-culture text (numbers where every trial's value parses as one, categories otherwise).
/// </summary>
/// <param name="Number">The trial number (the order it ran in).</param>
/// <param name="Objective">The objective value; NaN for a failed or unfinished trial.</param>
/// <param name="Parameters">Parameter name → value (invariant culture).</param>
/// <param name="State">"Complete", "Pruned", "Failed", …; only complete trials with a finite objective enter the charts.</param>
public sealed record SweepTrial(int Number, double Objective, IReadOnlyDictionary<string, string> Parameters, string State = "Complete")
{
    /// <summary>A trial from parameter values of any type, formatted with the invariant culture.</summary>
    public static SweepTrial Create(int number, double objective, params (string Name, object Value)[] parameters) =>
        new(number, objective, parameters.ToDictionary(p => p.Name, p => Convert.ToString(p.Value, CultureInfo.InvariantCulture) ?? "", StringComparer.Ordinal));

    /// <summary>True for a complete trial with a finite objective.</summary>
    public bool Counts => string.Equals(State, "Complete", StringComparison.OrdinalIgnoreCase) && double.IsFinite(Objective);
}
