using PipelineExtensions.Training;
using static PipelineExtensions.Diagnostics.EvidenceFormat;

namespace PipelineExtensions.Diagnostics;

/// <summary>
/// Finds a learning rate that is too low: the training loss falls almost every epoch
/// (<see cref="LearningRateTooLowOptions.MinDecreasingFraction"/>) by a small relative amount
/// (between <see cref="LearningRateTooLowOptions.MinRelativeSlope"/> and <see cref="LearningRateTooLowOptions.MaxRelativeSlope"/>)
/// that does not shrink over the run (<see cref="LearningRateTooLowOptions.MinLateToEarlySlope"/>), and the model does
/// not fit the training data yet (<see cref="LearningRateTooLowOptions.MaxTrainAccuracy"/>). A warning.
/// </summary>
public sealed class LearningRateTooLowDetector : PlateauDetector<LearningRateTooLowOptions>
{
    /// <summary>Creates the detector; null options take the defaults.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public LearningRateTooLowDetector(LearningRateTooLowOptions? options = null) : base(options)
    {
    }

    /// <inheritdoc />
    public override string Name => "learning rate too low";

    /// <inheritdoc />
    public override IEnumerable<Finding> Detect(DiagnosisInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var history = input.History;
        if (history is null || history.Epochs.Count < Thresholds.MinEpochs)
            yield break;
        double[] loss = history.Series(MetricNames.Loss);
        if (!DetectorMath.AllFinite(loss))
            yield break;
        double[] steps = DetectorMath.RelativeDecreases(loss);
        double decreasing = steps.Count(s => s > 0) / (double)steps.Length;
        double slope = DetectorMath.Mean(steps);
        int third = Math.Max(1, steps.Length / 3);
        double early = DetectorMath.Mean(steps.AsSpan(0, third)), late = DetectorMath.Mean(steps.AsSpan(steps.Length - third));
        double lateToEarly = early > 0 ? late / early : 0;
        double trainAccuracy = history.Epochs[^1].Train.Accuracy;
        if (decreasing < Thresholds.MinDecreasingFraction || slope > Thresholds.MaxRelativeSlope || slope < Thresholds.MinRelativeSlope
            || lateToEarly < Thresholds.MinLateToEarlySlope || trainAccuracy >= Thresholds.MaxTrainAccuracy)
            yield break;
        double lr0 = history.Epochs[0].LearningRate;
        double halving = Math.Log(2) / -Math.Log(1 - slope);
        yield return new Finding(FindingKind.LearningRateTooLow, Name, Severity.Warning,
            0.5 * DetectorMath.Scale(Thresholds.MaxRelativeSlope - slope, 0, Thresholds.MaxRelativeSlope) + 0.5 * DetectorMath.Scale(lateToEarly, Thresholds.MinLateToEarlySlope, 1),
            $"Learning rate looks too low: the loss falls a steady {Evidence.Display(slope, Percent)} per epoch (learning rate {lr0:G3})",
            $"The loss goes down every epoch by about the same small amount and is not levelling off: at this pace it would take about {halving:0} more epochs to halve. Larger steps would get there sooner; the range test finds how large.",
            [
                new("mean relative decrease per epoch", slope, Percent, "≤", Thresholds.MaxRelativeSlope),
                new("epochs that lowered the training loss", decreasing, Percent, "≥", Thresholds.MinDecreasingFraction),
                new("late ÷ early decrease (no deceleration)", lateToEarly, Number, "≥", Thresholds.MinLateToEarlySlope),
                new("final training accuracy", trainAccuracy, Percent, "<", Thresholds.MaxTrainAccuracy),
                new("epochs to halve the loss at this pace", halving, Number),
                new("initial learning rate", lr0),
            ],
            [StandardRemedies.RaiseLearningRate(lr0), StandardRemedies.RangeTest(lr0)]);
    }
}
