using PipelineExtensions.Data;
using PipelineExtensions.Pipeline;
using PipelineExtensions.Training;

namespace PipelineExtensions.Cli.Remedies;

/// <summary>A model's scores on a labelled table: its confusion matrix and the figures derived from it.</summary>
/// <param name="Confusion">Rows = true class, columns = predicted class.</param>
/// <param name="ClassNames">The class names.</param>
public sealed record Evaluation(ConfusionMatrix Confusion, IReadOnlyList<string> ClassNames)
{
    /// <summary>Accuracy.</summary>
    public double Accuracy => Confusion.Accuracy;

    /// <summary>Balanced accuracy: the mean recall over the classes present.</summary>
    public double BalancedAccuracy => Confusion.BalancedAccuracy;

    /// <summary>Macro-averaged F1.</summary>
    public double MacroF1 => Confusion.MacroF1;

    /// <summary>Scores <paramref name="model"/> (whose output has a <c>PredictedLabel</c> key column) on <paramref name="data"/>.</summary>
    /// <exception cref="SchemaMismatchException">The label or predicted-label column is missing or not a key.</exception>
    public static Evaluation Of(ITransformer model, DataTable data, string labelColumnName = "Label")
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var scored = model.Transform(data);
        var predictions = Diagnostics.DiagnosisPredictions.FromTable(scored, labelColumnName);
        return new Evaluation(predictions.Confusion, predictions.ClassNames);
    }
}
