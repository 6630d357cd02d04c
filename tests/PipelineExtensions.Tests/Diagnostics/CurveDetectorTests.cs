using PipelineExtensions.Diagnostics;
using PipelineExtensions.Training;
using static PipelineExtensions.Tests.Diagnostics.DiagnosisTestData;

namespace PipelineExtensions.Tests.Diagnostics;

public class CurveDetectorTests
{
    private static readonly IPlateauDetector[] CurveDetectors =
        [new OverfittingDetector(), new UnderfittingDetector(), new LearningRateTooHighDetector(), new LearningRateTooLowDetector()];

    [Fact]
    public void Curve_detectors_stay_silent_on_healthy_runs()
    {
        foreach (var history in new[] { Healthy(), Healthy(40, 10), Healthy(6) })
            foreach (var detector in CurveDetectors)
                Assert.Empty(detector.Detect(Input(history)));
    }

    [Fact]
    public void Overfitting_widening_gap_after_the_best_epoch()
    {
        // Train loss keeps falling; validation loss bottoms out at epoch 6 (index 5) and climbs.
        var train = Series(15, e => 0.05 + 0.6 * Math.Exp(-e / 4.0));
        var val = Series(15, e => e <= 5 ? 0.7 - 0.06 * e : 0.4 + 0.03 * (e - 5));
        var finding = Assert.Single(new OverfittingDetector().Detect(Input(History(train, val))));
        Assert.Equal(FindingKind.Overfitting, finding.Kind);
        Assert.Equal(5, finding.Evidence.Single(e => e.Name == "best validation-loss epoch").Value);
        Assert.Equal(9, finding.Evidence.Single(e => e.Name == "epochs since the best validation loss").Value);
        // Val rose from 0.40 to ≈0.655 (mean of the last two epochs): above the 25% critical rise.
        Assert.Equal(Severity.Critical, finding.Severity);
        var stop = finding.Remedies[0];
        Assert.Equal(RemedyKind.EarlyStopping, stop.Kind);
        Assert.Equal("val_loss", stop.Parameter("Monitor")!.Text);
        Assert.Equal("true", stop.Parameter("RestoreBestWeights")!.Text);
        Assert.Contains(finding.Remedies, r => r.Kind == RemedyKind.WeightDecay);
    }

    [Fact]
    public void A_stalled_validation_loss_with_a_mild_gap_is_a_warning()
    {
        var train = Series(12, e => 0.6 - 0.03 * e);
        var val = Series(12, e => e <= 6 ? 0.7 - 0.02 * e : 0.58 + 0.002 * (e - 6));
        var finding = Assert.Single(new OverfittingDetector().Detect(Input(History(train, val))));
        Assert.Equal(Severity.Warning, finding.Severity);
    }

    [Fact]
    public void No_overfitting_when_validation_still_improves_or_train_is_flat_too()
    {
        var train = Series(12, e => 0.6 - 0.03 * e);
        Assert.Empty(new OverfittingDetector().Detect(Input(History(train, Series(12, e => 0.7 - 0.02 * e)))));
        // Both flat after epoch 4 with noise: the best val epoch is early but the train loss does not keep falling.
        var flatTrain = Series(12, e => e < 4 ? 0.6 - 0.05 * e : 0.4 + 0.001 * (e % 2));
        var flatVal = Series(12, e => e < 4 ? 0.65 - 0.05 * e : 0.45 + 0.002 * (e % 3));
        Assert.Empty(new OverfittingDetector().Detect(Input(History(flatTrain, flatVal))));
        // No validation: nothing to compare.
        Assert.Empty(new OverfittingDetector().Detect(Input(History(train))));
    }

    [Fact]
    public void Underfitting_flat_close_and_low()
    {
        var train = Series(12, e => 0.69 - 0.0005 * e);
        var val = Series(12, e => 0.70 - 0.0004 * e);
        var acc = Series(12, _ => 0.56);
        var finding = Assert.Single(new UnderfittingDetector().Detect(Input(History(train, val, acc, acc))));
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal(0.56, finding.Evidence.Single(e => e.Name == "training balanced accuracy").Value, 12);
        Assert.Equal(RemedyKind.IncreaseCapacity, finding.Remedies[0].Kind);
    }

    [Fact]
    public void Not_underfitting_when_accuracy_is_high_or_the_loss_still_falls()
    {
        var flat = Series(12, _ => 0.2);
        Assert.Empty(new UnderfittingDetector().Detect(Input(History(flat, flat, Series(12, _ => 0.93), Series(12, _ => 0.9)))));
        var falling = Series(12, e => 0.69 - 0.02 * e);
        Assert.Empty(new UnderfittingDetector().Detect(Input(History(falling, falling, Series(12, _ => 0.56)))));
        Assert.Empty(new UnderfittingDetector().Detect(Input(History(Series(4, _ => 0.69)))));
    }

    [Fact]
    public void Non_finite_loss_is_a_critical_divergence()
    {
        var train = new[] { 2.3, 1.9, 3.5, 40, double.NaN, double.NaN };
        var finding = Assert.Single(new LearningRateTooHighDetector().Detect(Input(History(train, learningRate: 0.5))));
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal(4, finding.Evidence[0].Value);
        var lower = finding.Remedies[0];
        Assert.Equal(RemedyKind.LowerLearningRate, lower.Kind);
        Assert.Equal(0.05, lower.Parameter("LearningRate")!.Number!.Value, 12);
        Assert.True(lower.Parameter("LearningRate")!.LogScale);
    }

    [Fact]
    public void Rising_loss_and_guard_events_are_divergence()
    {
        var rising = Assert.Single(new LearningRateTooHighDetector().Detect(Input(History([1.0, 0.8, 0.9, 1.3, 1.8]))));
        Assert.Equal(Severity.Critical, rising.Severity);
        Assert.Equal(1.8 / 0.8, rising.Evidence.Single(e => e.Name.StartsWith("final ÷ lowest")).Value, 12);

        var history = History(Series(6, e => 1.0 - 0.1 * e));
        history.Add(new TrainingEvent(3, 300, TrainingEventKind.DivergenceDetected, "DivergenceGuard", "loss was NaN"));
        Assert.Equal(Severity.Critical, Assert.Single(new LearningRateTooHighDetector().Detect(Input(history))).Severity);
    }

    [Fact]
    public void Oscillating_loss_is_a_warning_with_a_schedule_remedy()
    {
        var train = Series(12, e => 1.0 + (e % 2 == 0 ? 0.15 : -0.15) - 0.005 * e);
        var finding = Assert.Single(new LearningRateTooHighDetector().Detect(Input(History(train, train))));
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal(1.0, finding.Evidence[0].Value);
        Assert.Contains(finding.Remedies, r => r.Kind == RemedyKind.ReduceLROnPlateau && r.Parameter("Monitor")!.Text == "val_loss");
    }

    [Fact]
    public void Small_noise_around_a_falling_loss_is_not_oscillation()
    {
        var train = Series(12, e => 1.0 * Math.Exp(-e / 4.0) + (e % 2 == 0 ? 0.005 : -0.005));
        Assert.Empty(new LearningRateTooHighDetector().Detect(Input(History(train))));
    }

    [Fact]
    public void Learning_rate_too_low_small_steady_slope()
    {
        var train = Series(20, e => 2.3 - 0.01 * e);
        var finding = Assert.Single(new LearningRateTooLowDetector().Detect(Input(History(train, trainAcc: Series(20, _ => 0.3), learningRate: 1e-5, classes: 10))));
        Assert.Equal(FindingKind.LearningRateTooLow, finding.Kind);
        double slope = finding.Evidence[0].Value;
        Assert.InRange(slope, 0.004, 0.006);
        Assert.Equal(1.0, finding.Evidence.Single(e => e.Name.StartsWith("epochs that lowered")).Value);
        var raise = finding.Remedies[0];
        Assert.Equal(RemedyKind.RaiseLearningRate, raise.Kind);
        Assert.Equal(1e-4, raise.Parameter("LearningRate")!.Number!.Value, 12);
        Assert.Equal(RemedyKind.LearningRateRangeTest, finding.Remedies[1].Kind);
    }

    [Fact]
    public void A_decelerating_or_fitted_or_flat_run_is_not_a_low_learning_rate()
    {
        var detector = new LearningRateTooLowDetector();
        Assert.Empty(detector.Detect(Input(Healthy())));
        // Steady slope but the training data is already fitted.
        Assert.Empty(detector.Detect(Input(History(Series(20, e => 0.05 * Math.Exp(-0.01 * e)), trainAcc: Series(20, _ => 0.99)))));
        Assert.Empty(detector.Detect(Input(History(Series(20, _ => 0.69)))));
    }
}
