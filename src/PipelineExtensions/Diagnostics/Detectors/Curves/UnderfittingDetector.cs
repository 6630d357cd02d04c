using PipelineExtensions.Training;
using static PipelineExtensions.Diagnostics.EvidenceFormat;

namespace PipelineExtensions.Diagnostics;

/// <summary>
/// Finds underfitting: over the last <see cref="UnderfittingOptions.Window"/> epochs both losses are flat
/// (<see cref="UnderfittingOptions.MaxRelativeImprovement"/>), they are close to each other
/// (<see cref="UnderfittingOptions.MaxGap"/>) and the training balanced accuracy is low
/// (<see cref="UnderfittingOptions.LowAccuracyFraction"/> of the way from chance to 1). A warning.
/// </summary>
public sealed class UnderfittingDetector : IPlateauDetector
{
    private readonly UnderfittingOptions _options;

    /// <summary>Creates the detector; null options take the defaults.</summary>
    public UnderfittingDetector(UnderfittingOptions? options = null)
    {
        _options = options ?? new();
        _options.Validate();
    }

    /// <inheritdoc />
    public string Name => "underfitting";

    /// <inheritdoc />
    public IEnumerable<Finding> Detect(DiagnosisInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var history = input.History;
        if (history is null || history.Epochs.Count < _options.Window + 1)
            yield break;
        double[] train = history.Series(MetricNames.Loss);
        bool hasValidation = history.Epochs[^1].Validation is not null;
        double[] val = hasValidation ? history.Series(MetricNames.ValidationLoss) : [];
        if (!DetectorMath.AllFinite(train) || !DetectorMath.AllFinite(val))
            yield break;
        int start = train.Length - 1 - _options.Window;
        double trainImprovement = Improvement(train, start);
        double valImprovement = hasValidation ? Improvement(val, start) : 0;
        var last = history.Epochs[^1];
        int present = DetectorMath.PresentClasses(last.Train.Confusion);
        if (present < 2)
            yield break;
        double chance = 1.0 / present, lowLimit = chance + _options.LowAccuracyFraction * (1 - chance);
        double trainBalanced = last.Train.BalancedAccuracy;
        double gap = hasValidation ? Math.Abs(val[^1] - train[^1]) / Math.Max(Math.Abs(train[^1]), 1e-12) : 0;
        if (trainImprovement >= _options.MaxRelativeImprovement || valImprovement >= _options.MaxRelativeImprovement
            || !(trainBalanced <= lowLimit) || gap > _options.MaxGap)
            yield break;
        var evidence = new List<Evidence>
        {
            new($"training-loss decrease over the last {_options.Window} epochs", trainImprovement, Percent, "<", _options.MaxRelativeImprovement),
        };
        if (hasValidation)
        {
            evidence.Add(new($"validation-loss decrease over the last {_options.Window} epochs", valImprovement, Percent, "<", _options.MaxRelativeImprovement));
            evidence.Add(new("|validation − training loss| ÷ training loss", gap, Percent, "≤", _options.MaxGap));
        }
        evidence.Add(new("training balanced accuracy", trainBalanced, Percent, "≤", lowLimit));
        evidence.Add(new("chance level", chance, Percent));
        evidence.Add(new("final training loss", train[^1]));
        double confidence = 0.5 * DetectorMath.Scale(lowLimit - trainBalanced, 0, lowLimit - chance)
            + 0.5 * DetectorMath.Scale(_options.MaxRelativeImprovement - Math.Max(trainImprovement, valImprovement), 0, _options.MaxRelativeImprovement);
        yield return new Finding(FindingKind.Underfitting, Name, Severity.Warning, confidence,
            $"Underfitting: both losses flat for {_options.Window} epochs at training balanced accuracy {Evidence.Display(trainBalanced, Percent)}",
            "The model cannot even fit the training rows and more epochs do not change that: it lacks capacity or is held back. Make it larger or loosen regularisation; standardised features help too.",
            evidence, [StandardRemedies.IncreaseCapacity(), StandardRemedies.ReduceRegularization(), StandardRemedies.NormalizeFeatures()]);
    }

    private static double Improvement(double[] series, int start) =>
        (series[start] - series[^1]) / Math.Max(Math.Abs(series[start]), 1e-12);
}
