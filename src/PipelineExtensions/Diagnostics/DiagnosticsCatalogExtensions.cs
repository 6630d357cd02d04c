using PipelineExtensions.Diagnostics;
using PipelineExtensions.Training;

namespace PipelineExtensions;

/// <summary>The plateau doctor in <c>ctx.Diagnostics</c>.</summary>
public static class DiagnosticsCatalogExtensions
{
    /// <summary>
    /// Diagnoses a run with the built-in detectors and default thresholds: majority-class collapse, class
    /// imbalance, over- and underfitting, learning rate too high or too low, leakage between splits, constant
    /// features, NaN and suspected label noise.
    /// </summary>
    /// <param name="catalog">The diagnostics catalog.</param>
    /// <param name="history">The run's history, or null.</param>
    /// <param name="data">The training (and validation) data, or null.</param>
    /// <param name="predictions">The final model's predictions on held-out rows, or null.</param>
    /// <example>
    /// <code>
    /// var diagnosis = ctx.Diagnostics.Diagnose(history, new DiagnosisData(train, validation));
    /// Console.WriteLine(diagnosis);
    /// </code>
    /// </example>
    public static Diagnosis Diagnose(this DiagnosticsCatalog catalog, TrainingHistory? history, DiagnosisData? data = null, DiagnosisPredictions? predictions = null) =>
        catalog.Diagnose(new PlateauDoctorOptions(), history, data, predictions);

    /// <summary>Diagnoses a run with the built-in detectors and the given thresholds.</summary>
    public static Diagnosis Diagnose(this DiagnosticsCatalog catalog, PlateauDoctorOptions options, TrainingHistory? history, DiagnosisData? data = null, DiagnosisPredictions? predictions = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new PlateauDoctor(options).Diagnose(history, data, predictions);
    }
}
