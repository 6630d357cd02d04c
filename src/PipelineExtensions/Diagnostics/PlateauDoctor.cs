using PipelineExtensions.Training;

namespace PipelineExtensions.Diagnostics;

/// <summary>
/// Diagnoses why a run plateaued: runs every detector on the training history, the data and the predictions,
/// and returns the findings ranked by severity and confidence, each with its evidence and remedies.
/// </summary>
/// <example>
/// <code>
/// var doctor = new PlateauDoctor();
/// var diagnosis = doctor.Diagnose(history, new DiagnosisData(train, validation), DiagnosisPredictions.FromTable(scored));
/// foreach (var finding in diagnosis.Findings)
///     Console.WriteLine(finding);           // [Critical] Predictions collapsed onto 'Sandal': ...
/// var space = diagnosis.SearchSpace;         // the remedies' ranges and choices, for an AutoML sweep
/// </code>
/// </example>
public sealed class PlateauDoctor
{
    /// <summary>A doctor with the built-in detectors and the given thresholds (null: the defaults).</summary>
    public PlateauDoctor(PlateauDoctorOptions? options = null) => Detectors = (options ?? new()).CreateDetectors();

    /// <summary>A doctor with exactly these detectors (e.g. the built-in ones plus a custom one).</summary>
    public PlateauDoctor(IEnumerable<IPlateauDetector> detectors)
    {
        ArgumentNullException.ThrowIfNull(detectors);
        Detectors = detectors.ToArray();
        for (int i = 0; i < Detectors.Count; i++)
            if (Detectors[i] is null)
                throw new ArgumentException($"Detector {i} is null.", nameof(detectors));
    }

    /// <summary>The detectors, in the order that breaks ranking ties.</summary>
    public IReadOnlyList<IPlateauDetector> Detectors { get; }

    /// <summary>Runs every detector and ranks the findings.</summary>
    /// <param name="history">The run's history (learning curves, learning rates, events), or null.</param>
    /// <param name="data">The training (and validation) data, or null.</param>
    /// <param name="predictions">The final model's predictions on held-out rows, or null.</param>
    /// <returns>The findings, highest <see cref="Finding.Score"/> first; empty when nothing is wrong.</returns>
    /// <exception cref="ArgumentException">All inputs are null, or they disagree on the number of classes.</exception>
    public Diagnosis Diagnose(TrainingHistory? history, DiagnosisData? data = null, DiagnosisPredictions? predictions = null)
    {
        var input = new DiagnosisInput(history, data, predictions);
        var findings = new List<(Finding Finding, int Order)>();
        for (int i = 0; i < Detectors.Count; i++)
            foreach (var finding in Detectors[i].Detect(input))
                findings.Add((finding, i));
        var ranked = findings.OrderByDescending(f => f.Finding.Score).ThenBy(f => f.Order).Select(f => f.Finding).ToArray();
        return new Diagnosis(ranked, input.ClassNames);
    }
}
