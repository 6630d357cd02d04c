using PipelineExtensions.Diagnostics;
using PipelineExtensions.Training;

namespace PipelineExtensions.Cli.Reports;

/// <summary>A before/after table: one row per metric, with the change and whether it is an improvement.</summary>
public sealed class ComparisonTable
{
    private readonly List<ComparisonRow> _rows = [];

    /// <summary>Creates an empty table.</summary>
    /// <param name="beforeLabel">The baseline's name, e.g. "plain".</param>
    /// <param name="afterLabel">The remedied run's name, e.g. "with remedies".</param>
    public ComparisonTable(string beforeLabel, string afterLabel)
    {
        BeforeLabel = Options.Check.NotEmpty(beforeLabel);
        AfterLabel = Options.Check.NotEmpty(afterLabel);
    }

    /// <summary>The baseline's name.</summary>
    public string BeforeLabel { get; }

    /// <summary>The remedied run's name.</summary>
    public string AfterLabel { get; }

    /// <summary>The rows in order.</summary>
    public IReadOnlyList<ComparisonRow> Rows => _rows;

    /// <summary>Adds a metric.</summary>
    /// <param name="metric">Its name.</param>
    /// <param name="before">The baseline's value.</param>
    /// <param name="after">The remedied value.</param>
    /// <param name="higherIsBetter">Direction of improvement; null for a figure that is neither better nor worse (e.g. epochs run). Default true.</param>
    /// <param name="format">Display format. Default percent.</param>
    public ComparisonTable Add(string metric, double before, double after, bool? higherIsBetter = true, EvidenceFormat format = EvidenceFormat.Percent)
    {
        _rows.Add(new ComparisonRow(Options.Check.NotEmpty(metric), before, after, higherIsBetter, format));
        return this;
    }

    /// <summary>
    /// The validation figures (training ones when there is no validation set) of two runs, each at the epoch whose
    /// weights the model holds: balanced accuracy, accuracy, macro F1, loss and the epoch count.
    /// </summary>
    public static ComparisonTable FromHistories(TrainingHistory before, TrainingHistory after, string beforeLabel = "before", string afterLabel = "after")
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var (b, a) = (Final(before, nameof(before)), Final(after, nameof(after)));
        var table = new ComparisonTable(beforeLabel, afterLabel);
        string part = b.Validation is not null && a.Validation is not null ? "validation" : "training";
        EpochMetrics Pick(EpochReport r) => part == "validation" ? r.Validation! : r.Train;
        table.Add($"{part} balanced accuracy", Pick(b).BalancedAccuracy, Pick(a).BalancedAccuracy)
            .Add($"{part} accuracy", Pick(b).Accuracy, Pick(a).Accuracy)
            .Add($"{part} macro F1", Pick(b).MacroF1, Pick(a).MacroF1)
            .Add($"{part} loss", Pick(b).Loss, Pick(a).Loss, higherIsBetter: false, EvidenceFormat.Number)
            .Add("epochs run", before.Epochs.Count, after.Epochs.Count, higherIsBetter: null, EvidenceFormat.Count);
        return table;
    }

    private static EpochReport Final(TrainingHistory history, string name)
    {
        if (history.Epochs.Count == 0)
            throw new ArgumentException("The history has no epochs.", name);
        return history.RestoredEpoch is int r && history.Epochs.FirstOrDefault(e => e.Epoch == r) is { } restored ? restored : history.Epochs[^1];
    }
}

/// <summary>One metric of a <see cref="ComparisonTable"/>.</summary>
/// <param name="Metric">Its name.</param>
/// <param name="Before">The baseline's value.</param>
/// <param name="After">The remedied value.</param>
/// <param name="HigherIsBetter">Direction of improvement, or null when neither direction is better.</param>
/// <param name="Format">Display format.</param>
public sealed record ComparisonRow(string Metric, double Before, double After, bool? HigherIsBetter, EvidenceFormat Format)
{
    /// <summary>After − before.</summary>
    public double Change => After - Before;

    /// <summary>True when the change goes in the better direction (never for a neutral row).</summary>
    public bool Improved => HigherIsBetter switch { true => After > Before, false => After < Before, null => false };

    /// <summary>True when the change goes in the worse direction (never for a neutral row).</summary>
    public bool Worsened => HigherIsBetter switch { true => After < Before, false => After > Before, null => false };
}
