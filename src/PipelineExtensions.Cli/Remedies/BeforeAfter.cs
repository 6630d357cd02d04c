using PipelineExtensions.Cli.Reports;
using PipelineExtensions.Diagnostics;
using PipelineExtensions.Training;

namespace PipelineExtensions.Cli.Remedies;

/// <summary>The before/after table of an auto-remedy: accuracy, balanced accuracy, macro F1, each class's recall and the epochs run.</summary>
public static class BeforeAfter
{
    /// <summary>Builds the table from two evaluations on the same rows.</summary>
    /// <param name="before">The plain model's scores.</param>
    /// <param name="after">The remedied model's scores.</param>
    /// <param name="beforeHistory">The plain run's history (for the epochs run), or null.</param>
    /// <param name="afterHistory">The remedied run's history, or null.</param>
    /// <param name="part">What the rows are, e.g. "test".</param>
    /// <exception cref="ArgumentException">The two evaluations have different classes.</exception>
    public static ComparisonTable Table(Evaluation before, Evaluation after, TrainingHistory? beforeHistory = null, TrainingHistory? afterHistory = null, string part = "test")
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (!before.ClassNames.SequenceEqual(after.ClassNames))
            throw new ArgumentException("The before and after evaluations have different classes.", nameof(after));
        var table = new ComparisonTable("plain", "with remedies")
            .Add($"{part} balanced accuracy", before.BalancedAccuracy, after.BalancedAccuracy)
            .Add($"{part} accuracy", before.Accuracy, after.Accuracy)
            .Add($"{part} macro F1", before.MacroF1, after.MacroF1);
        for (int c = 0; c < before.ClassNames.Count; c++)
            table.Add($"recall '{before.ClassNames[c]}'", before.Confusion.Recall(c), after.Confusion.Recall(c));
        if (beforeHistory is not null && afterHistory is not null)
            table.Add("epochs run", beforeHistory.Epochs.Count, afterHistory.Epochs.Count, higherIsBetter: null, EvidenceFormat.Count);
        return table;
    }
}
