using PipelineExtensions.Training;
using static PipelineExtensions.Diagnostics.EvidenceFormat;

namespace PipelineExtensions.Diagnostics;

/// <summary>
/// Finds underfitting: over the last <see cref="UnderfittingOptions.Window"/> epochs both losses are flat
/// (<see cref="UnderfittingOptions.MaxRelativeImprovement"/>), they are close to each other
/// (<see cref="UnderfittingOptions.MaxGap"/>) and the training balanced accuracy is low
/// (<see cref="UnderfittingOptions.LowAccuracyFraction"/> of the way from chance to 1). A warning.
/// </summary>
public sealed class UnderfittingDetector : PlateauDetector<UnderfittingOptions>
{
    /// <summary>Creates the detector; null options take the defaults.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public UnderfittingDetector(UnderfittingOptions? options = null) : base(options)
    {
    }

    /// <inheritdoc />
    public override string Name => "underfitting";

    /// <inheritdoc />
    public override IEnumerable<Finding> Detect(DiagnosisInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var history = input.History;
        if (history is null || history.Epochs.Count < Thresholds.Window + 1)
            yield break;
        double[] train = history.Series(MetricNames.Loss);
        bool hasValidation = history.Epochs[^1].Validation is not null;
        double[] val = hasValidation ? history.Series(MetricNames.ValidationLoss) : [];
        if (!DetectorMath.AllFinite(train) || !DetectorMath.AllFinite(val))
            yield break;
        int start = train.Length - 1 - Thresholds.Window;
        double trainImprovement = Improvement(train, start);
        double valImprovement = hasValidation ? Improvement(val, start) : 0;
        var last = history.Epochs[^1];
        int present = DetectorMath.PresentClasses(last.Train.Confusion);
        if (present < 2)
            yield break;
        double chance = 1.0 / present, lowLimit = chance + Thresholds.LowAccuracyFraction * (1 - chance);
        double trainBalanced = last.Train.BalancedAccuracy;
        double gap = hasValidation ? Math.Abs(val[^1] - train[^1]) / Math.Max(Math.Abs(train[^1]), 1e-12) : 0;
        if (trainImprovement >= Thresholds.MaxRelativeImprovement || valImprovement >= Thresholds.MaxRelativeImprovement
            || !(trainBalanced <= lowLimit) || gap > Thresholds.MaxGap)
            yield break;
        var evidence = new List<Evidence>
        {
            new($"training-loss decrease over the last {Thresholds.Window} epochs", trainImprovement, Percent, "<", Thresholds.MaxRelativeImprovement),
        };
        if (hasValidation)
        {
            evidence.Add(new($"validation-loss decrease over the last {Thresholds.Window} epochs", valImprovement, Percent, "<", Thresholds.MaxRelativeImprovement));
            evidence.Add(new("|validation − training loss| ÷ training loss", gap, Percent, "≤", Thresholds.MaxGap));
        }
        evidence.Add(new("training balanced accuracy", trainBalanced, Percent, "≤", lowLimit));
        evidence.Add(new("chance level", chance, Percent));
        evidence.Add(new("final training loss", train[^1]));
        double confidence = 0.5 * DetectorMath.Scale(lowLimit - trainBalanced, 0, lowLimit - chance)
            + 0.5 * DetectorMath.Scale(Thresholds.MaxRelativeImprovement - Math.Max(trainImprovement, valImprovement), 0, Thresholds.MaxRelativeImprovement);
        yield return new Finding(FindingKind.Underfitting, Name, Severity.Warning, confidence,
            $"Underfitting: both losses flat for {Thresholds.Window} epochs at training balanced accuracy {Evidence.Display(trainBalanced, Percent)}",
            "The model cannot even fit the training rows and more epochs do not change that: it lacks capacity or is held back. Make it larger or loosen regularisation; standardised features help too.",
            evidence, [StandardRemedies.IncreaseCapacity(), StandardRemedies.ReduceRegularization(), StandardRemedies.NormalizeFeatures()]);
    }

    private static double Improvement(double[] series, int start) =>
        (series[start] - series[^1]) / Math.Max(Math.Abs(series[start]), 1e-12);
}
