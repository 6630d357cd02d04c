using static PipelineExtensions.Diagnostics.EvidenceFormat;

namespace PipelineExtensions.Diagnostics;

/// <summary>
/// Measures the class imbalance of the training labels (<see cref="DiagnosisInput.TrainClassCounts"/>): the ratio
/// of the largest to the smallest present class. Fires at <see cref="ClassImbalanceOptions.MinRatio"/>; a warning
/// from <see cref="ClassImbalanceOptions.WarningRatio"/> on, information below.
/// </summary>
public sealed class ClassImbalanceDetector : PlateauDetector<ClassImbalanceOptions>
{
    /// <summary>Creates the detector; null options take the defaults.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public ClassImbalanceDetector(ClassImbalanceOptions? options = null) : base(options)
    {
    }

    /// <inheritdoc />
    public override string Name => "class imbalance";

    /// <inheritdoc />
    public override IEnumerable<Finding> Detect(DiagnosisInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var counts = input.TrainClassCounts;
        if (counts is null)
            yield break;
        var (ratio, majority, minority) = DetectorMath.ImbalanceRatio(counts);
        if (majority < 0 || majority == minority || ratio < Thresholds.MinRatio)
            yield break;
        double total = counts.Sum(c => (double)c);
        var evidence = new List<Evidence>
        {
            new($"largest : smallest class ({input.TrainClassCountsSource})", ratio, Ratio, "≥", Thresholds.MinRatio),
            new($"rows of '{input.ClassName(majority)}' (largest)", counts[majority], Count),
            new($"share of '{input.ClassName(majority)}'", counts[majority] / total, Percent),
            new($"rows of '{input.ClassName(minority)}' (smallest)", counts[minority], Count),
            new($"share of '{input.ClassName(minority)}'", counts[minority] / total, Percent),
        };
        for (int c = 0; c < counts.Count && c < 20; c++)
            if (c != majority && c != minority)
                evidence.Add(new($"rows of '{input.ClassName(c)}'", counts[c], Count));
        var severity = ratio >= Thresholds.WarningRatio ? Severity.Warning : Severity.Info;
        yield return new Finding(FindingKind.ClassImbalance, Name, severity,
            Math.Clamp(Math.Log(ratio / Thresholds.MinRatio) / Math.Log(10), 0, 1),
            $"Class imbalance {Evidence.Display(ratio, Ratio)}: '{input.ClassName(majority)}' has {counts[majority]} rows, '{input.ClassName(minority)}' {counts[minority]}",
            "Plain accuracy and an unweighted loss favour the large classes; the small ones get few gradient steps. Over-sample the small classes or weight them, and judge the run by balanced accuracy.",
            evidence, [StandardRemedies.OverSample(), StandardRemedies.ClassWeights(), StandardRemedies.MonitorBalancedAccuracy()]);
    }
}
