using Microsoft.Extensions.Logging;
using PipelineExtensions.Randomness;
using PipelineExtensions.Tests.Training.Fakes;
using PipelineExtensions.Training;

namespace PipelineExtensions.Tests.Training.Loop;

public class TrainingLoopTests
{
    [Fact]
    public void Learns_a_separable_problem_and_reports_every_metric()
    {
        var model = new SoftmaxRegressionModel(seed: 4, separation: 4);
        var history = TrainingLoop.Run(model, new TrainingLoopOptions { Epochs = 5, BatchSize = 16, Seed = 1 });
        Assert.Equal(5, history.Epochs.Count);
        Assert.Equal(StopReason.EpochsCompleted, history.StopReason);
        var last = history.Epochs[^1];
        Assert.True(last.Validation!.Accuracy > 0.9, $"val accuracy {last.Validation.Accuracy}");
        Assert.True(history.Series(MetricNames.Loss)[^1] < history.Series(MetricNames.Loss)[0]);
        foreach (var name in new[] { "loss", "accuracy", "balanced_accuracy", "macro_f1", "val_loss", "val_accuracy", "val_balanced_accuracy", "val_macro_f1", "learning_rate" })
            Assert.True(last.TryGetMetric(name, out double v) && double.IsFinite(v), name);
        // Validation metrics are those of the model's own evaluation.
        var predicted = new int[model.RowCount(DataPart.Validation)];
        double loss = model.Evaluate(DataPart.Validation, predicted);
        Assert.Equal(loss, last.Validation.Loss);
        Assert.Equal(ConfusionMatrix.FromPredictions(model.Labels(DataPart.Validation), predicted, 3).Counts.ToArray(), last.Validation.Confusion.Counts.ToArray());
    }

    [Fact]
    public void Batches_follow_the_seeded_shuffle_and_cover_every_row_once_per_epoch()
    {
        var model = new RecordingModel(new SoftmaxRegressionModel(rows: 10));
        TrainingLoop.Run(model, new TrainingLoopOptions { Epochs = 2, BatchSize = 4, Seed = 9 });
        Assert.Equal([4, 4, 2, 4, 4, 2], model.Batches.Select(b => b.Length));
        for (int epoch = 0; epoch < 2; epoch++)
        {
            var expected = SeededRandom.Derive(9, epoch).Permutation(10);
            Assert.Equal(expected, model.Batches.Skip(3 * epoch).Take(3).SelectMany(b => b));
        }
        Assert.Equal([0L, 1, 2, 3, 4, 5], model.StepNumbers);
        Assert.Equal(6, model.Seeds.Distinct().Count());
    }

    [Fact]
    public void Drop_last_and_no_shuffle()
    {
        var model = new RecordingModel(new SoftmaxRegressionModel(rows: 10));
        TrainingLoop.Run(model, new TrainingLoopOptions { Epochs = 1, BatchSize = 4, Shuffle = false, DropLastIncompleteBatch = true });
        Assert.Equal(2, model.Batches.Count);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], model.Batches.SelectMany(b => b));
    }

    [Fact]
    public void Same_seed_same_run_other_seed_other_run()
    {
        double[] Run(long seed)
        {
            var model = new SoftmaxRegressionModel(seed: 2);
            TrainingLoop.Run(model, new TrainingLoopOptions { Epochs = 3, BatchSize = 16, Seed = seed });
            return model.Weights.ToArray();
        }
        Assert.Equal(Run(1), Run(1));
        Assert.NotEqual(Run(1), Run(2));
    }

    [Fact]
    public void Evaluate_mode_measures_training_metrics_with_a_full_pass()
    {
        var model = new SoftmaxRegressionModel(seed: 4);
        var history = TrainingLoop.Run(model, new TrainingLoopOptions { Epochs = 2, BatchSize = 16, TrainMetrics = TrainMetricsMode.Evaluate });
        var predicted = new int[model.RowCount(DataPart.Training)];
        Assert.Equal(model.Evaluate(DataPart.Training, predicted), history.Epochs[^1].Train.Loss);
        Assert.Equal(model.RowCount(DataPart.Training), history.Epochs[^1].Train.Confusion.Total);
    }

    [Fact]
    public void Progress_is_reported_synchronously_and_the_logger_hears_each_epoch()
    {
        var reports = new List<EpochReport>();
        var logger = new ListLogger();
        TrainingLoop.Run(new SoftmaxRegressionModel(), new TrainingLoopOptions
        {
            Epochs = 3,
            Progress = new SyncProgress<EpochReport>(reports.Add),
            Logger = logger,
        });
        Assert.Equal([0, 1, 2], reports.Select(r => r.Epoch));
        Assert.Equal(3, logger.Lines.Count(l => l.StartsWith("Epoch ", StringComparison.Ordinal)));
        Assert.Contains(logger.Lines, l => l.StartsWith("Training ended", StringComparison.Ordinal));
    }

    [Fact]
    public void Cancellation_stops_between_batches()
    {
        using var cts = new CancellationTokenSource();
        var model = new RecordingModel(new SoftmaxRegressionModel()) { CancelAfter = cts, CancelAfterSteps = 5 };
        Assert.ThrowsAny<OperationCanceledException>(() => TrainingLoop.Run(model, new TrainingLoopOptions { Epochs = 10, BatchSize = 16 }, cts.Token));
        Assert.Equal(5, model.Batches.Count);
    }

    [Fact]
    public void Bad_options_name_the_setting()
    {
        var model = new SoftmaxRegressionModel();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => TrainingLoop.Run(model, new TrainingLoopOptions { BatchSize = 0 }));
        Assert.Contains("BatchSize", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => TrainingLoop.Run(model, new TrainingLoopOptions { Epochs = 0 }));
        Assert.Contains("Epochs", e.Message);
        var guard = new DivergenceGuard();
        Assert.Throws<ArgumentException>(() => TrainingLoop.Run(model, new TrainingLoopOptions { Callbacks = [guard, guard] }));
    }

    [Fact]
    public void Step_wise_OneCycle_sets_rate_and_momentum_before_every_step()
    {
        var model = new RecordingModel(new SoftmaxRegressionModel(rows: 64));
        var schedule = new OneCycle(0.5, totalSteps: 3 * 4);
        TrainingLoop.Run(model, new TrainingLoopOptions
        {
            Epochs = 3,
            BatchSize = 16,
            Callbacks = [new LearningRateScheduler(schedule, ScheduleInterval.Step)],
        });
        Assert.Equal(Enumerable.Range(0, 12).Select(t => schedule.LearningRateAt(t)), model.Rates);
        Assert.Equal(Enumerable.Range(0, 12).Select(t => schedule.MomentumAt(t)!.Value), model.Momenta);
    }

    [Fact]
    public void A_schedule_shorter_than_the_run_fails_before_training()
    {
        var model = new RecordingModel(new SoftmaxRegressionModel(rows: 64));
        var e = Assert.Throws<InvalidOperationException>(() => TrainingLoop.Run(model, new TrainingLoopOptions
        {
            Epochs = 3,
            BatchSize = 16,
            Callbacks = [new LearningRateScheduler(new OneCycle(0.5, totalSteps: 10), ScheduleInterval.Step)],
        }));
        Assert.Contains("12", e.Message);
        Assert.Empty(model.Batches);
    }

    [Fact]
    public void Epoch_wise_schedule_sets_the_rate_of_each_epoch()
    {
        var model = new RecordingModel(new SoftmaxRegressionModel(rows: 32));
        var history = TrainingLoop.Run(model, new TrainingLoopOptions
        {
            Epochs = 4,
            BatchSize = 16,
            Callbacks = [new LearningRateScheduler(new StepDecay(0.2, stepSize: 2, gamma: 0.5))],
        });
        Assert.Equal([0.2, 0.2, 0.2, 0.2, 0.1, 0.1, 0.1, 0.1], model.Rates);
        Assert.Equal([0.2, 0.2, 0.1, 0.1], history.LearningRates);
        Assert.Empty(history.EventsOf(TrainingEventKind.LearningRateChanged));
    }

    private sealed class SyncProgress<T>(Action<T> action) : IProgress<T>
    {
        public void Report(T value) => action(value);
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
