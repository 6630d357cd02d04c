using PipelineExtensions.Tests.Training.Fakes;
using PipelineExtensions.Training;

namespace PipelineExtensions.Tests.Training.Callbacks;

public class DivergenceGuardTests
{
    private static TrainingLoopOptions Options(params TrainingCallback[] callbacks) =>
        new() { Epochs = 6, BatchSize = 16, Seed = 2, Callbacks = callbacks };

    [Fact]
    public void Too_high_learning_rate_diverges_without_the_guard()
    {
        var model = new SoftmaxRegressionModel(seed: 1, separation: 6) { LearningRate = 200 };
        var history = TrainingLoop.Run(model, Options());
        Assert.Contains(history.Series(MetricNames.Loss), v => !double.IsFinite(v) || v > 20);
    }

    [Fact]
    public void Guard_restores_cuts_the_rate_and_the_run_recovers()
    {
        var model = new SoftmaxRegressionModel(seed: 1, separation: 6) { LearningRate = 200 };
        var guard = new DivergenceGuard();
        var history = TrainingLoop.Run(model, Options(guard));

        Assert.Equal(StopReason.EpochsCompleted, history.StopReason);
        Assert.InRange(guard.Recoveries, 1, 3);
        Assert.Equal(guard.Recoveries, history.EventsOf(TrainingEventKind.DivergenceRecovered).Count());
        Assert.Equal(6, history.Epochs.Count);
        Assert.All(history.Epochs, e => Assert.True(double.IsFinite(e.Train.Loss) && double.IsFinite(e.Validation!.Loss)));
        Assert.True(model.ParametersAreFinite());
        Assert.Equal(200 * Math.Pow(0.1, guard.Recoveries), model.LearningRate, 1e-9);
        Assert.True(history.Epochs[^1].Validation!.Accuracy > 0.9, $"accuracy {history.Epochs[^1].Validation!.Accuracy}");
        // A restarted epoch replays the same step numbers: the step count is epochs × steps per epoch.
        Assert.Equal(6L * 15, history.Epochs[^1].Steps);
    }

    [Fact]
    public void Stop_action_stops_with_a_reason_and_restores_the_last_good_state()
    {
        var model = new SoftmaxRegressionModel(seed: 1, separation: 6) { LearningRate = 200 };
        var before = model.Weights.ToArray();
        var history = TrainingLoop.Run(model, Options(new DivergenceGuard { Action = DivergenceAction.Stop }));
        Assert.Equal(StopReason.Diverged, history.StopReason);
        Assert.Contains("diverged in epoch 1", history.StopMessage);
        Assert.Empty(history.Epochs);
        Assert.Equal(before, model.Weights.ToArray());
    }

    [Fact]
    public void Exhausted_recoveries_stop_training()
    {
        // With a factor of 0.9 the rate stays far too high: every recovery diverges again.
        var model = new SoftmaxRegressionModel(seed: 1, separation: 6) { LearningRate = 1e6 };
        var guard = new DivergenceGuard { LearningRateFactor = 0.9, MaxRecoveries = 2 };
        var history = TrainingLoop.Run(model, Options(guard));
        Assert.Equal(StopReason.Diverged, history.StopReason);
        Assert.Equal(2, guard.Recoveries);
        Assert.Contains("2 recoveries were used", history.StopMessage);
        Assert.True(model.ParametersAreFinite());
    }

    [Fact]
    public void A_healthy_run_is_left_alone()
    {
        var model = new SoftmaxRegressionModel(seed: 1);
        var guard = new DivergenceGuard();
        var history = TrainingLoop.Run(model, Options(guard));
        Assert.Equal(0, guard.Recoveries);
        Assert.Empty(history.EventsOf(TrainingEventKind.DivergenceDetected));
        Assert.Equal(0.1, model.LearningRate);
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DivergenceGuard { ExplosionFactor = 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DivergenceGuard { LearningRateFactor = 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DivergenceGuard { MaxRecoveries = -1 });
    }
}
