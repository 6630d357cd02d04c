namespace PipelineExtensions.Training;

/// <summary>
/// The figures of one data part (training or validation) for one epoch: the mean loss and the
/// classification metrics derived from the confusion matrix (scikit-learn's definitions). Metrics count
/// rows, not example weights; the loss is the engine's (weighted) mean loss.
/// </summary>
public sealed class EpochMetrics
{
    /// <summary>Creates the metrics of one part from its loss and confusion matrix.</summary>
    public EpochMetrics(double loss, ConfusionMatrix confusion)
    {
        Confusion = confusion ?? throw new ArgumentNullException(nameof(confusion));
        Loss = loss;
        Accuracy = confusion.Accuracy;
        BalancedAccuracy = confusion.BalancedAccuracy;
        MacroF1 = confusion.MacroF1;
        PerClassRecall = confusion.PerClassRecall();
    }

    /// <summary>Mean loss over the rows (NaN or infinite when training diverged).</summary>
    public double Loss { get; }

    /// <summary>Fraction of rows predicted correctly.</summary>
    public double Accuracy { get; }

    /// <summary>Mean recall over the classes present among the true labels.</summary>
    public double BalancedAccuracy { get; }

    /// <summary>Unweighted mean F1 over the classes present among true or predicted labels.</summary>
    public double MacroF1 { get; }

    /// <summary>Recall of each class (NaN for a class without rows).</summary>
    public IReadOnlyList<double> PerClassRecall { get; }

    /// <summary>The confusion matrix (row = true class, column = predicted class).</summary>
    public ConfusionMatrix Confusion { get; }

    /// <summary>The value of a per-part metric name (<see cref="MetricNames.PerPart"/>), or null.</summary>
    public double? Get(string bareName) => bareName switch
    {
        MetricNames.Loss => Loss,
        MetricNames.Accuracy => Accuracy,
        MetricNames.BalancedAccuracy => BalancedAccuracy,
        MetricNames.MacroF1 => MacroF1,
        _ => null,
    };
}
