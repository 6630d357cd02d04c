using PipelineExtensions.Data;
using PipelineExtensions.Training;

namespace PipelineExtensions.Diagnostics;

/// <summary>
/// A model's predictions on held-out rows: the true class, the predicted class and optionally the class
/// probabilities of each row. Rows whose true class is missing (−1) are ignored.
/// </summary>
public sealed class DiagnosisPredictions
{
    private readonly int[] _actual;
    private readonly int[] _predicted;
    private readonly float[]? _probabilities;

    /// <summary>Creates the predictions from arrays (no copy; do not change them afterwards).</summary>
    /// <param name="actual">True class per row (0..K−1, or −1 for unknown).</param>
    /// <param name="predicted">Predicted class per row (0..K−1).</param>
    /// <param name="classNames">The K class names.</param>
    /// <param name="probabilities">Row-major n × K class probabilities, or null.</param>
    /// <exception cref="ArgumentException">Lengths disagree or a class index is out of range; the message names the row.</exception>
    public DiagnosisPredictions(int[] actual, int[] predicted, IReadOnlyList<string> classNames, float[]? probabilities = null)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(classNames);
        if (classNames.Count == 0)
            throw new ArgumentException("Predictions need at least one class name.", nameof(classNames));
        if (probabilities is not null && probabilities.Length != (long)actual.Length * classNames.Count)
            throw new ArgumentException($"Expected {actual.Length} rows × {classNames.Count} classes = {(long)actual.Length * classNames.Count} probabilities, got {probabilities.Length}.", nameof(probabilities));
        Confusion = ConfusionMatrix.FromPredictions(actual, predicted, classNames.Count);
        _actual = actual;
        _predicted = predicted;
        _probabilities = probabilities;
        ClassNames = classNames.ToArray();
    }

    /// <summary>
    /// Reads the predictions from a scored table: the true labels, the predicted labels (or, when that column is
    /// absent, the arg-max of the probabilities) and the probabilities when present — the columns the neural
    /// trainers' models write.
    /// </summary>
    /// <param name="scored">The transformed validation or test table.</param>
    /// <param name="labelColumnName">Key column of true labels. Default "Label".</param>
    /// <param name="predictedLabelColumnName">Key column of predicted labels. Default "PredictedLabel".</param>
    /// <param name="probabilityColumnName">Vector column of K probabilities, or null to ignore. Default "Probability".</param>
    /// <exception cref="SchemaMismatchException">The label column is missing or not a key, or neither predictions nor probabilities are present.</exception>
    public static DiagnosisPredictions FromTable(DataTable scored, string labelColumnName = "Label", string predictedLabelColumnName = "PredictedLabel", string? probabilityColumnName = "Probability")
    {
        ArgumentNullException.ThrowIfNull(scored);
        scored.Schema.Require(labelColumnName, t => t is KeyType, "Key", "Diagnose (predictions)");
        var labels = scored.GetColumn<KeyColumn>(labelColumnName);
        int k = labels.KeyType.Count;
        float[]? probabilities = null;
        if (probabilityColumnName is not null && scored.HasColumn(probabilityColumnName))
        {
            scored.Schema.Require(probabilityColumnName, t => t is VectorType v && v.Size == k, $"Vector<Single, {k}>", "Diagnose (predictions)");
            probabilities = scored.GetColumn<VectorColumn>(probabilityColumnName).Data.ToArray();
        }
        int[] predicted;
        if (scored.HasColumn(predictedLabelColumnName))
        {
            scored.Schema.Require(predictedLabelColumnName, t => t is KeyType kt && kt.Count == k, $"Key with {k} classes", "Diagnose (predictions)");
            predicted = scored.GetColumn<KeyColumn>(predictedLabelColumnName).Keys.ToArray();
        }
        else if (probabilities is not null)
        {
            predicted = new int[labels.Length];
            for (int i = 0; i < predicted.Length; i++)
                predicted[i] = ArgMax(probabilities.AsSpan(i * k, k));
        }
        else
        {
            throw new SchemaMismatchException(predictedLabelColumnName, "Key (or a probability column)", null, "Diagnose (predictions)", scored.Schema.Names);
        }
        return new DiagnosisPredictions(labels.Keys.ToArray(), predicted, labels.KeyType.ClassNames, probabilities);
    }

    /// <summary>Number of rows.</summary>
    public int Count => _actual.Length;

    /// <summary>The class names.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>True class per row (−1 unknown).</summary>
    public ReadOnlySpan<int> Actual => _actual;

    /// <summary>Predicted class per row.</summary>
    public ReadOnlySpan<int> Predicted => _predicted;

    /// <summary>Row-major n × K probabilities, empty when none were given.</summary>
    public ReadOnlySpan<float> Probabilities => _probabilities;

    /// <summary>True when probabilities were given.</summary>
    public bool HasProbabilities => _probabilities is not null;

    /// <summary>The confusion matrix of the predictions (row = true class).</summary>
    public ConfusionMatrix Confusion { get; }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
            if (values[i] > values[best])
                best = i;
        return best;
    }
}
