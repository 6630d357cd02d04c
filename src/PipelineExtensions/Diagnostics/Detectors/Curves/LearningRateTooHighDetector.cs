using PipelineExtensions.Training;
using static PipelineExtensions.Diagnostics.EvidenceFormat;

namespace PipelineExtensions.Diagnostics;

/// <summary>
/// Finds a learning rate that is too high, on the training loss. Critical when the run diverged: a non-finite
/// loss, a divergence the guard detected, or a final loss at least <see cref="LearningRateTooHighOptions.DivergenceFactor"/>
/// times its lowest earlier value. A warning when it oscillates: most steps reverse direction
/// (<see cref="LearningRateTooHighOptions.MinSignChangeFraction"/>), the steps are large
/// (<see cref="LearningRateTooHighOptions.MinRelativeAmplitude"/>) and they add up to little net progress
/// (<see cref="LearningRateTooHighOptions.MaxNetProgress"/>).
/// </summary>
public sealed class LearningRateTooHighDetector : PlateauDetector<LearningRateTooHighOptions>
{
    /// <summary>Creates the detector; null options take the defaults.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public LearningRateTooHighDetector(LearningRateTooHighOptions? options = null) : base(options)
    {
    }

    /// <inheritdoc />
    public override string Name => "learning rate too high";

    /// <inheritdoc />
    public override IEnumerable<Finding> Detect(DiagnosisInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var history = input.History;
        if (history is null)
            yield break;
        double[] loss = history.Series(MetricNames.Loss);
        bool hasValidation = history.Epochs[^1].Validation is not null;
        double[] val = hasValidation ? history.Series(MetricNames.ValidationLoss) : [];
        double lr0 = history.Epochs[0].LearningRate;
        string monitor = hasValidation ? MetricNames.ValidationLoss : MetricNames.Loss;

        int firstBad = FirstNonFinite(loss, val);
        int guardEvents = history.EventsOf(TrainingEventKind.DivergenceDetected).Count();
        int finiteEnd = firstBad < 0 ? loss.Length : firstBad;
        int lowest = finiteEnd == 0 ? -1 : DetectorMath.ArgMin(loss.AsSpan(0, finiteEnd));
        double rise = lowest >= 0 && lowest < finiteEnd - 1 && loss[lowest] > 0 ? loss[finiteEnd - 1] / loss[lowest] : 1;
        if (firstBad >= 0 || guardEvents > 0 || rise >= Thresholds.DivergenceFactor)
        {
            var evidence = new List<Evidence>();
            if (firstBad >= 0)
                evidence.Add(new("first epoch with a non-finite loss", firstBad, Epoch));
            if (guardEvents > 0)
                evidence.Add(new("divergences detected by the guard", guardEvents, Count, "≥", 1));
            evidence.Add(new("final ÷ lowest training loss", rise, Number, rise >= Thresholds.DivergenceFactor ? "≥" : null, rise >= Thresholds.DivergenceFactor ? Thresholds.DivergenceFactor : null));
            if (lowest >= 0)
                evidence.Add(new("epoch of the lowest training loss", lowest, Epoch));
            evidence.Add(new("initial learning rate", lr0));
            yield return new Finding(FindingKind.LearningRateTooHigh, Name, Severity.Critical,
                firstBad >= 0 || guardEvents > 0 ? 1 : DetectorMath.Scale(rise, Thresholds.DivergenceFactor, 2 * Thresholds.DivergenceFactor),
                firstBad >= 0 ? $"Training diverged: the loss became non-finite at epoch {firstBad + 1} (learning rate {lr0:G3})"
                : guardEvents > 0 ? $"Training diverged {guardEvents} time(s) (learning rate {lr0:G3})"
                : $"Training diverged: the loss rose to {rise:0.##}× its lowest value (learning rate {lr0:G3})",
                "The optimizer steps overshoot: the loss climbs instead of falling. Lower the learning rate and clip the gradient norm.",
                evidence, [StandardRemedies.LowerLearningRate(lr0), StandardRemedies.GradientClipping(), StandardRemedies.RangeTest(lr0)]);
            yield break;
        }

        if (loss.Length < Thresholds.MinEpochs)
            yield break;
        double flips = DetectorMath.SignChangeFraction(loss);
        double travelled = DetectorMath.TotalVariation(loss);
        double amplitude = travelled / (loss.Length - 1) / Math.Max(Math.Abs(DetectorMath.Mean(loss)), 1e-12);
        double progress = travelled == 0 ? 1 : (loss[0] - loss[^1]) / travelled;
        if (flips < Thresholds.MinSignChangeFraction || amplitude < Thresholds.MinRelativeAmplitude || progress > Thresholds.MaxNetProgress)
            yield break;
        yield return new Finding(FindingKind.LearningRateTooHigh, Name, Severity.Warning,
            0.5 * DetectorMath.Scale(flips, Thresholds.MinSignChangeFraction, 1) + 0.5 * DetectorMath.Scale(amplitude, Thresholds.MinRelativeAmplitude, 4 * Thresholds.MinRelativeAmplitude),
            $"Loss oscillates: {Evidence.Display(flips, Percent)} of epochs reverse direction with steps of {Evidence.Display(amplitude, Percent)} of the loss (learning rate {lr0:G3})",
            "The training loss jumps up and down instead of settling: the steps are too large for the valley the weights are in. Lower the learning rate, or cut it when the loss stops improving.",
            [
                new("training-loss steps that reverse direction", flips, Percent, "≥", Thresholds.MinSignChangeFraction),
                new("mean step ÷ mean loss", amplitude, Percent, "≥", Thresholds.MinRelativeAmplitude),
                new("net decrease ÷ distance travelled", progress, Percent, "≤", Thresholds.MaxNetProgress),
                new("initial learning rate", lr0),
            ],
            [StandardRemedies.LowerLearningRate(lr0), StandardRemedies.ReduceOnPlateau(monitor, 2), StandardRemedies.GradientClipping()]);
    }

    private static int FirstNonFinite(double[] a, double[] b)
    {
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
            if ((i < a.Length && !double.IsFinite(a[i])) || (i < b.Length && !double.IsFinite(b[i])))
                return i;
        return -1;
    }
}
