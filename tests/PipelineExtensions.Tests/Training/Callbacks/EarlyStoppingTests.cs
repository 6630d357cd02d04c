using PipelineExtensions.Tests.Training.Fakes;
using PipelineExtensions.Training;

namespace PipelineExtensions.Tests.Training.Callbacks;

/// <summary>Hand-worked Keras 3 EarlyStopping traces (float64 metrics) for the options the parity file does not cover.</summary>
public class EarlyStoppingTests
{
    private static (TrainingHistory History, ScriptedModel Model) Run(EarlyStopping stopping, double[] trace, int[]? correctOf100 = null)
    {
        var model = new ScriptedModel(trace, correctOf100);
        var history = TrainingLoop.Run(model, new TrainingLoopOptions { Epochs = trace.Length, BatchSize = 8, Callbacks = [stopping] });
        return (history, model);
    }

    [Fact]
    public void Baseline_not_beaten_stops_after_patience_even_while_improving_slightly()
    {
        // Baseline 0.5: the values improve but never beat it, so wait keeps growing (improving epochs return early
        // and cannot stop) until a non-improving epoch finds wait ≥ patience.
        double[] trace = [0.9, 0.8, 0.7, 0.7, 0.6, 0.3, 0.3];
        var stopping = new EarlyStopping { Patience = 2, Baseline = 0.5, RestoreBestWeights = true };
        var (history, model) = Run(stopping, trace);
        // e0..e2 improve (wait 1, 2, 3, not reset), e3 is bad: wait 4 ≥ 2 → stop after epoch 3.
        Assert.Equal(3, stopping.StoppedEpoch);
        Assert.Equal(4, history.Epochs.Count);
        Assert.Equal(2, stopping.BestEpoch);
        Assert.Equal(2, history.RestoredEpoch);
        Assert.Equal(3, model.Weight);
    }

    [Fact]
    public void Beating_the_baseline_resets_wait()
    {
        double[] trace = [0.9, 0.4, 0.45, 0.45, 0.45];
        var stopping = new EarlyStopping { Patience = 3, Baseline = 0.5 };
        var (history, _) = Run(stopping, trace);
        // e0 improves without beating 0.5 (wait 1); e1 beats it (wait 0); e2..e4 bad: wait 1, 2, 3 → stop after e4.
        Assert.Equal(4, stopping.StoppedEpoch);
        Assert.Equal(5, history.Epochs.Count);
        Assert.Equal(1, stopping.BestEpoch);
    }

    [Fact]
    public void Start_from_epoch_ignores_the_warm_up_epochs()
    {
        double[] trace = [0.1, 0.9, 0.95, 0.96, 0.97, 0.98];
        var stopping = new EarlyStopping { Patience = 1, StartFromEpoch = 2, RestoreBestWeights = true };
        var (history, model) = Run(stopping, trace);
        // The 0.1 of epoch 0 is never seen; epoch 2 is the first monitored (best), epoch 3 is bad: wait 1 ≥ 1 → stop.
        Assert.Equal(3, stopping.StoppedEpoch);
        Assert.Equal(2, stopping.BestEpoch);
        Assert.Equal(2, history.RestoredEpoch);
        Assert.Equal(3, model.Weight);
    }

    [Fact]
    public void Patience_zero_stops_at_the_first_bad_epoch_but_never_after_the_first_epoch()
    {
        var (history, _) = Run(new EarlyStopping { Patience = 0 }, [1.0, 1.0, 0.5]);
        Assert.Equal(2, history.Epochs.Count);
        Assert.Equal(StopReason.EarlyStopping, history.StopReason);
        Assert.Single(history.EventsOf(TrainingEventKind.EarlyStopped));
    }

    [Fact]
    public void Restore_best_weights_applies_even_when_all_epochs_run()
    {
        double[] trace = [1.0, 0.5, 0.7, 0.8];
        var stopping = new EarlyStopping { Patience = 10, RestoreBestWeights = true };
        var (history, model) = Run(stopping, trace);
        Assert.Equal(StopReason.EpochsCompleted, history.StopReason);
        Assert.Equal(1, history.RestoredEpoch);
        Assert.Equal(2, model.Weight);
        Assert.Single(history.EventsOf(TrainingEventKind.WeightsRestored));
    }

    [Fact]
    public void Without_restore_the_last_weights_stay()
    {
        var (history, model) = Run(new EarlyStopping { Patience = 1 }, [1.0, 0.5, 0.7, 0.8]);
        Assert.Null(history.RestoredEpoch);
        Assert.Equal(3, model.Weight);
    }

    [Fact]
    public void Accuracy_is_maximised_in_auto_mode()
    {
        double[] loss = [1, 1, 1, 1, 1, 1];
        int[] correct = [50, 60, 70, 65, 69, 71];
        var stopping = new EarlyStopping { Monitor = MetricNames.ValidationAccuracy, Patience = 2, MinDelta = 0.01 };
        var (history, _) = Run(stopping, loss, correct);
        // 0.5, 0.6, 0.7 improve; 0.65 and 0.69 do not (wait 2 → stop after epoch 4).
        Assert.Equal(4, stopping.StoppedEpoch);
        Assert.Equal(0.7, stopping.Best);
        Assert.Equal(5, history.Epochs.Count);
    }

    [Fact]
    public void A_metric_whose_direction_is_unknown_needs_an_explicit_mode()
    {
        var e = Assert.Throws<ArgumentException>(() => Run(new EarlyStopping { Monitor = MetricNames.LearningRate }, [1, 1]));
        Assert.Contains("Mode", e.Message);
    }

    [Fact]
    public void A_callback_instance_can_be_reused_for_a_second_run()
    {
        var stopping = new EarlyStopping { Patience = 1 };
        Run(stopping, [1.0, 2.0, 3.0]);
        Assert.Equal(1, stopping.StoppedEpoch);
        var (history, _) = Run(stopping, [3.0, 2.0, 1.0]);
        Assert.Null(stopping.StoppedEpoch);
        Assert.Equal(StopReason.EpochsCompleted, history.StopReason);
    }
}
