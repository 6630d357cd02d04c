namespace PipelineExtensions.Diagnostics;

/// <summary>
/// One check of the <see cref="PlateauDoctor"/>. A detector decides from the evidence alone — the numbers in
/// <see cref="DiagnosisInput"/> against its documented thresholds — and returns nothing when its inputs are
/// missing or the run is healthy in its respect.
/// </summary>
public interface IPlateauDetector
{
    /// <summary>A short name, shown with each finding.</summary>
    string Name { get; }

    /// <summary>The findings of this detector (usually none or one).</summary>
    IEnumerable<Finding> Detect(DiagnosisInput input);
}
