using PipelineExtensions.Training;

namespace PipelineExtensions.Diagnostics;

/// <summary>
/// What a detector sees: the training history, the data and the predictions (any may be missing), plus the
/// figures several detectors share, derived once from whichever input has them.
/// </summary>
public sealed class DiagnosisInput
{
    private readonly Lazy<(ConfusionMatrix? Matrix, string Source)> _evaluation;
    private readonly Lazy<(int[]? Counts, string Source)> _classCounts;

    /// <summary>Bundles the inputs; at least one must be given.</summary>
    /// <exception cref="ArgumentException">All three inputs are null, or their class counts disagree.</exception>
    public DiagnosisInput(TrainingHistory? history, DiagnosisData? data, DiagnosisPredictions? predictions)
    {
        if (history is null && data is null && predictions is null)
            throw new ArgumentException("Diagnose needs at least one of: a training history, the data, the predictions.");
        History = history is { Epochs.Count: > 0 } ? history : null;
        Data = data;
        Predictions = predictions;
        ClassNames = data?.ClassNames ?? predictions?.ClassNames ?? history?.ClassNames
            ?? (History is not null ? Enumerable.Range(0, History.Epochs[^1].Train.Confusion.ClassCount).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray() : []);
        if (data is not null && predictions is not null && predictions.ClassNames.Count != data.ClassNames.Count)
            throw new ArgumentException($"The predictions have {predictions.ClassNames.Count} classes but the data's label '{data.LabelColumnName}' has {data.ClassNames.Count}.", nameof(predictions));
        _evaluation = new(FindEvaluation);
        _classCounts = new(FindClassCounts);
    }

    /// <summary>The training history, or null (also null when it has no epochs).</summary>
    public TrainingHistory? History { get; }

    /// <summary>The data, or null.</summary>
    public DiagnosisData? Data { get; }

    /// <summary>The predictions, or null.</summary>
    public DiagnosisPredictions? Predictions { get; }

    /// <summary>The class names (from the data, the predictions or the history; indices when none has them).</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>
    /// The confusion matrix that best shows how the final model predicts: the predictions' when given, else the
    /// validation (or, without one, training) matrix of the epoch whose weights the model holds.
    /// </summary>
    public ConfusionMatrix? EvaluationConfusion => _evaluation.Value.Matrix;

    /// <summary>Where <see cref="EvaluationConfusion"/> came from, for evidence ("predictions", "validation, epoch 12").</summary>
    public string EvaluationSource => _evaluation.Value.Source;

    /// <summary>Rows per class of the training labels: from the data, else the predictions' true labels, else the history's training confusion matrix.</summary>
    public IReadOnlyList<int>? TrainClassCounts => _classCounts.Value.Counts;

    /// <summary>Where <see cref="TrainClassCounts"/> came from.</summary>
    public string TrainClassCountsSource => _classCounts.Value.Source;

    /// <summary>The epoch whose weights the model holds: the restored one, else the last.</summary>
    public EpochReport? FinalEpoch =>
        History is null ? null
        : History.RestoredEpoch is int r && History.Epochs.FirstOrDefault(e => e.Epoch == r) is { } restored ? restored
        : History.Epochs[^1];

    /// <summary>The name of class <paramref name="c"/>.</summary>
    public string ClassName(int c) => c >= 0 && c < ClassNames.Count ? ClassNames[c] : c.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private (ConfusionMatrix?, string) FindEvaluation()
    {
        if (Predictions is not null)
            return (Predictions.Confusion, "predictions");
        if (FinalEpoch is { } e)
            return e.Validation is not null
                ? (e.Validation.Confusion, $"validation, epoch {e.Epoch + 1}")
                : (e.Train.Confusion, $"training, epoch {e.Epoch + 1}");
        return (null, "");
    }

    private (int[]?, string) FindClassCounts()
    {
        if (Data is not null)
            return (Data.TrainLabels.CountPerClass(), "training labels");
        if (Predictions is not null)
        {
            var m = Predictions.Confusion;
            return (Enumerable.Range(0, m.ClassCount).Select(c => (int)m.Support(c)).ToArray(), "true labels of the predictions");
        }
        if (History is not null)
        {
            var m = History.Epochs[^1].Train.Confusion;
            return (Enumerable.Range(0, m.ClassCount).Select(c => (int)m.Support(c)).ToArray(), "training confusion matrix");
        }
        return (null, "");
    }
}
