using PipelineExtensions.Training;
using static PipelineExtensions.Diagnostics.EvidenceFormat;

namespace PipelineExtensions.Diagnostics;

/// <summary>
/// Finds overfitting on the learning curves: the validation loss reached its best at least
/// <see cref="OverfittingOptions.MinEpochsSinceBest"/> epochs before the end and has stalled or risen since, while
/// the training loss kept falling (<see cref="OverfittingOptions.MinTrainImprovement"/>) and the gap between them
/// grew by <see cref="OverfittingOptions.MinGapGrowth"/> of the best validation loss. A warning; critical when the
/// validation loss ended <see cref="OverfittingOptions.CriticalRise"/> above its best.
/// </summary>
public sealed class OverfittingDetector : PlateauDetector<OverfittingOptions>
{
    /// <summary>Creates the detector; null options take the defaults.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public OverfittingDetector(OverfittingOptions? options = null) : base(options)
    {
    }

    /// <inheritdoc />
    public override string Name => "overfitting";

    /// <inheritdoc />
    public override IEnumerable<Finding> Detect(DiagnosisInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var history = input.History;
        if (history is null || history.Epochs[^1].Validation is null)
            yield break;
        double[] train = history.Series(MetricNames.Loss), val = history.Series(MetricNames.ValidationLoss);
        if (!DetectorMath.AllFinite(train) || !DetectorMath.AllFinite(val))
            yield break; // Non-finite losses are the learning-rate detector's evidence.
        int n = val.Length, best = DetectorMath.ArgMin(val), since = n - 1 - best;
        if (since < Thresholds.MinEpochsSinceBest)
            yield break;
        int tail = Math.Min(Thresholds.TailEpochs, since);
        double valEnd = DetectorMath.TailMean(val, tail), trainEnd = DetectorMath.TailMean(train, tail);
        double scale = Math.Max(Math.Abs(val[best]), 1e-12);
        double gapBest = val[best] - train[best], gapEnd = valEnd - trainEnd;
        double gapGrowth = (gapEnd - gapBest) / scale;
        double trainImprovement = (train[best] - trainEnd) / Math.Max(Math.Abs(train[best]), 1e-12);
        if (gapGrowth < Thresholds.MinGapGrowth || trainImprovement < Thresholds.MinTrainImprovement)
            yield break;
        double rise = (valEnd - val[best]) / scale;
        var evidence = new List<Evidence>
        {
            new("gap growth since the best epoch (÷ best validation loss)", gapGrowth, Percent, "≥", Thresholds.MinGapGrowth),
            new("training-loss decrease since the best epoch", trainImprovement, Percent, "≥", Thresholds.MinTrainImprovement),
            new("epochs since the best validation loss", since, Count, "≥", Thresholds.MinEpochsSinceBest),
            new("best validation-loss epoch", best, Epoch),
            new("best validation loss", val[best]),
            new("final validation loss", valEnd),
            new("validation-loss rise over its best", rise, Percent, rise >= Thresholds.CriticalRise ? "≥" : null, rise >= Thresholds.CriticalRise ? Thresholds.CriticalRise : null),
            new("gap at the best epoch", gapBest),
            new("gap at the end", gapEnd),
        };
        var last = history.Epochs[^1];
        if (last.Validation is { } v)
            evidence.Add(new("training − validation accuracy at the end", last.Train.Accuracy - v.Accuracy, Percent));
        int patience = Math.Clamp(since - 1, 2, 5);
        // The validation loss stalled: cut the learning rate on the plateau before stopping (half the patience).
        var remedies = new List<Remedy>
        {
            StandardRemedies.EarlyStopping(MetricNames.ValidationLoss, patience, best),
            StandardRemedies.ReduceOnPlateau(MetricNames.ValidationLoss, Math.Max(1, patience / 2)),
            StandardRemedies.WeightDecay(),
            StandardRemedies.Dropout(),
        };
        if (input.Data is null || input.Data.FeaturesAreImages)
            remedies.Add(StandardRemedies.Augment());
        var severity = rise >= Thresholds.CriticalRise ? Severity.Critical : Severity.Warning;
        yield return new Finding(FindingKind.Overfitting, Name, severity,
            0.5 * DetectorMath.Scale(gapGrowth, Thresholds.MinGapGrowth, 4 * Thresholds.MinGapGrowth + 0.5) + 0.5 * DetectorMath.Scale(since, Thresholds.MinEpochsSinceBest, 3 * Thresholds.MinEpochsSinceBest),
            $"Overfitting: validation loss best at epoch {best + 1} ({val[best]:G4}), {since} epochs later {valEnd:G4} while training loss fell {Evidence.Display(trainImprovement, Percent)}",
            "The model keeps fitting the training rows after it stopped improving on new ones: the gap between the curves widens. Stop at the best epoch and restore its weights, and regularise (weight decay, dropout, augmentation) so the gap opens later.",
            evidence, remedies);
    }
}
