namespace PipelineExtensions.Training;

/// <summary>
/// The names under which an <see cref="EpochReport"/> exposes its figures (Keras' log keys): training metrics
/// by their plain name, validation metrics with the <c>val_</c> prefix, e.g. <c>"val_loss"</c>.
/// Callbacks such as <see cref="EarlyStopping"/> and <see cref="ReduceLROnPlateau"/> monitor one of these.
/// </summary>
public static class MetricNames
{
    /// <summary>Mean loss over the epoch's rows.</summary>
    public const string Loss = "loss";

    /// <summary>Fraction of rows predicted correctly.</summary>
    public const string Accuracy = "accuracy";

    /// <summary>Mean per-class recall over the classes present (scikit-learn's balanced accuracy).</summary>
    public const string BalancedAccuracy = "balanced_accuracy";

    /// <summary>Unweighted mean of per-class F1 (scikit-learn's macro F1).</summary>
    public const string MacroF1 = "macro_f1";

    /// <summary>The learning rate at the end of the epoch.</summary>
    public const string LearningRate = "learning_rate";

    /// <summary>The prefix of validation metrics.</summary>
    public const string ValidationPrefix = "val_";

    /// <summary>Validation loss, the default monitor of the plateau callbacks.</summary>
    public const string ValidationLoss = "val_loss";

    /// <summary>Validation accuracy.</summary>
    public const string ValidationAccuracy = "val_accuracy";

    /// <summary>Validation balanced accuracy.</summary>
    public const string ValidationBalancedAccuracy = "val_balanced_accuracy";

    /// <summary>Validation macro F1.</summary>
    public const string ValidationMacroF1 = "val_macro_f1";

    /// <summary>The validation name of a training metric: <c>"val_" + name</c>.</summary>
    public static string Validation(string name) => ValidationPrefix + name;

    /// <summary>The metrics computed for each data part, without prefix.</summary>
    public static IReadOnlyList<string> PerPart { get; } = [Loss, Accuracy, BalancedAccuracy, MacroF1];

    /// <summary>
    /// Whether larger values of <paramref name="name"/> are better: true for accuracy, balanced accuracy, F1,
    /// recall, precision and AUC; false for losses and the learning rate; null when the name is not recognised.
    /// </summary>
    public static bool? HigherIsBetter(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string bare = name.StartsWith(ValidationPrefix, StringComparison.Ordinal) ? name[ValidationPrefix.Length..] : name;
        if (bare.Contains("loss", StringComparison.OrdinalIgnoreCase) || bare.Contains("error", StringComparison.OrdinalIgnoreCase))
            return false;
        if (bare.Contains("acc", StringComparison.OrdinalIgnoreCase) || bare.Contains("f1", StringComparison.OrdinalIgnoreCase)
            || bare.Contains("recall", StringComparison.OrdinalIgnoreCase) || bare.Contains("precision", StringComparison.OrdinalIgnoreCase)
            || bare.Contains("auc", StringComparison.OrdinalIgnoreCase))
            return true;
        return null;
    }
}
