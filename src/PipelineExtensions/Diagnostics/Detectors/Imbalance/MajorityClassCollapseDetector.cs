using PipelineExtensions.Training;
using static PipelineExtensions.Diagnostics.EvidenceFormat;

namespace PipelineExtensions.Diagnostics;

/// <summary>
/// Finds the "stuck at 50%" plateau: nearly every prediction is one class, so accuracy equals that class's share
/// and the other classes are not recognised. Decided on the evaluation confusion matrix
/// (<see cref="DiagnosisInput.EvaluationConfusion"/>): fires when the dominant predicted class takes at least
/// <see cref="MajorityClassCollapseOptions.MinPredictedShare"/> of the predictions and the balanced accuracy is
/// within <see cref="MajorityClassCollapseOptions.BalancedAccuracyMargin"/> of chance. Severity: critical.
/// </summary>
public sealed class MajorityClassCollapseDetector : PlateauDetector<MajorityClassCollapseOptions>
{
    /// <summary>Creates the detector; null options take the defaults.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public MajorityClassCollapseDetector(MajorityClassCollapseOptions? options = null) : base(options)
    {
    }

    /// <inheritdoc />
    public override string Name => "majority-class collapse";

    /// <inheritdoc />
    public override IEnumerable<Finding> Detect(DiagnosisInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var m = input.EvaluationConfusion;
        if (m is null || m.Total == 0)
            yield break;
        int present = DetectorMath.PresentClasses(m);
        if (present < 2)
            yield break;
        int top = 0;
        for (int c = 1; c < m.ClassCount; c++)
            if (m.PredictedCount(c) > m.PredictedCount(top))
                top = c;
        double total = m.Total;
        double share = m.PredictedCount(top) / total;
        double balanced = m.BalancedAccuracy, chance = 1.0 / present;
        if (share < Thresholds.MinPredictedShare || balanced > chance + Thresholds.BalancedAccuracyMargin)
            yield break;

        double trueShare = m.Support(top) / total, accuracy = m.Accuracy;
        string name = input.ClassName(top);
        var evidence = new List<Evidence>
        {
            new($"share of predictions that are '{name}' ({input.EvaluationSource})", share, Percent, "≥", Thresholds.MinPredictedShare),
            new("balanced accuracy", balanced, Percent, "≤", chance + Thresholds.BalancedAccuracyMargin),
            new("chance level (1 / classes present)", chance, Percent),
            new("accuracy", accuracy, Percent),
            new($"true share of '{name}'", trueShare, Percent),
            new("|accuracy − that share|", Math.Abs(accuracy - trueShare), Percent),
        };
        if (StuckEpochs(input.History, trueShare) is int stuck and > 0)
            evidence.Add(new("final epochs with accuracy within tolerance of that share", stuck, Count, null, null));

        var counts = input.TrainClassCounts;
        var (ratio, _, _) = counts is null ? (1.0, -1, -1) : DetectorMath.ImbalanceRatio(counts);
        bool rebalance = ratio >= Thresholds.ImbalanceRatioForRebalancing;
        if (counts is not null)
            evidence.Add(new($"training class ratio, largest : smallest ({input.TrainClassCountsSource})", ratio, Ratio));
        double lr = input.History?.Epochs[0].LearningRate ?? double.NaN;
        IReadOnlyList<Remedy> remedies = rebalance
            ? [StandardRemedies.ClassWeights(), StandardRemedies.OverSample(), StandardRemedies.MonitorBalancedAccuracy()]
            : [StandardRemedies.LowerLearningRate(double.IsFinite(lr) ? lr : null), StandardRemedies.NormalizeFeatures(), StandardRemedies.RangeTest(double.IsFinite(lr) ? lr : null)];
        string why = rebalance
            ? $"The training labels are imbalanced ({Evidence.Display(ratio, Ratio)}), so always answering '{name}' is the cheapest way to a low loss. Re-weighting or re-sampling the classes removes that shortcut, and monitoring balanced accuracy stops rewarding it."
            : "The classes are balanced, so the collapse points at optimisation: a learning rate so high that the network saturated, or unscaled features. Lower the rate and standardise the features.";
        double confidence = 0.5 * DetectorMath.Scale(share, Thresholds.MinPredictedShare, 1) + 0.5 * DetectorMath.Scale(chance + Thresholds.BalancedAccuracyMargin - balanced, 0, Thresholds.BalancedAccuracyMargin);
        yield return new Finding(FindingKind.MajorityClassCollapse, Name, Severity.Critical, confidence,
            $"Predictions collapsed onto '{name}': {Evidence.Display(share, Percent)} of predictions, accuracy {Evidence.Display(accuracy, Percent)} ≈ its share {Evidence.Display(trueShare, Percent)}",
            $"The model answers '{name}' for almost every row: balanced accuracy {Evidence.Display(balanced, Percent)} is at chance ({Evidence.Display(chance, Percent)}). {why}",
            evidence, remedies);
    }

    // Trailing epochs whose (validation, else training) accuracy sat at the dominant class's share.
    private int? StuckEpochs(TrainingHistory? history, double share)
    {
        if (history is null)
            return null;
        string metric = history.Epochs[^1].Validation is not null ? MetricNames.ValidationAccuracy : MetricNames.Accuracy;
        var accuracy = history.Series(metric);
        int stuck = 0;
        for (int i = accuracy.Length - 1; i >= 0 && Math.Abs(accuracy[i] - share) <= Thresholds.StuckTolerance; i--)
            stuck++;
        return stuck;
    }
}
