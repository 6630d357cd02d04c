using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PipelineExtensions.Training;

/// <summary>
/// The engine-independent epoch loop: seeded shuffled mini-batches, one optimizer step per batch through
/// <see cref="ITrainableModel"/>, per-epoch training and validation loss, accuracy, balanced accuracy,
/// macro-F1 and per-class recall, callbacks (schedules, reduce-on-plateau, early stopping, divergence guard,
/// checkpoints), progress, logging and cancellation. Everything lands in a <see cref="TrainingHistory"/>.
/// </summary>
/// <example>
/// <code>
/// var history = TrainingLoop.Run(model, new TrainingLoopOptions
/// {
///     Epochs = 30, BatchSize = 128, Seed = 1,
///     Callbacks = [new ReduceLROnPlateau { Patience = 2 }, new EarlyStopping { Patience = 5, RestoreBestWeights = true }],
/// });
/// Console.WriteLine($"{history.StopReason} after {history.Epochs.Count} epochs");
/// </code>
/// </example>
public static class TrainingLoop
{
    // A fixed stream number separates the per-step seeds from the per-epoch shuffle streams.
    private const long StepSeedStream = 0x73746570_73656564; // "stepseed"

    /// <summary>Trains <paramref name="model"/> and returns the history.</summary>
    /// <exception cref="ArgumentException">An option is out of range, or the model has no training rows.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (checked before every batch).</exception>
    public static TrainingHistory Run(ITrainableModel model, TrainingLoopOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var plan = new BatchPlan(model, options.BatchSize, options.Shuffle, options.DropLastIncompleteBatch, options.Seed, StepSeedStream);
        var logger = options.Logger ?? NullLogger.Instance;
        var history = new TrainingHistory();
        var context = new TrainingContext(model, options, history, logger, plan.StepsPerEpoch);
        var callbacks = options.Callbacks.ToArray();

        foreach (var callback in callbacks)
            callback.OnTrainBegin(context);
        int firstEpoch = 0;
        if (context.ResumePath is { } resumePath)
        {
            firstEpoch = CheckpointFile.Read(resumePath, context, callbacks, plan.BatchSize, plan.StepsPerEpoch);
            context.RecordEvent(TrainingEventKind.Resumed, "loop", $"resumed from '{resumePath}' at epoch {firstEpoch + 1}");
        }

        var epochs = new EpochRunner(model, plan, context, callbacks, options.TrainMetrics);
        for (int epoch = firstEpoch; epoch < options.Epochs && !context.StopRequested; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            if (!epochs.Train(epoch, cancellationToken))
                break;
            var report = epochs.Measure(epoch, clock);
            history.Add(report);
            foreach (var callback in callbacks)
                callback.OnEpochEnd(context, report);
            logger.LogInformation("{Report}", report.ToString());
            options.Progress?.Report(report);
            if (context.CheckpointPath is { } checkpointPath)
            {
                context.CheckpointPath = null;
                CheckpointFile.Write(checkpointPath, context, callbacks, epoch + 1, plan.BatchSize);
                logger.LogDebug("Checkpoint written to {Path} after epoch {Epoch}", checkpointPath, epoch + 1);
            }
        }

        history.StopReason = context.StopRequested ? context.PendingStopReason : StopReason.EpochsCompleted;
        history.StopMessage = context.StopRequested ? context.PendingStopMessage : $"all {options.Epochs} epochs ran";
        foreach (var callback in callbacks)
            callback.OnTrainEnd(context);
        logger.LogInformation("Training ended after {Epochs} epochs: {Reason} ({Message})", history.Epochs.Count, history.StopReason, history.StopMessage);
        return history;
    }

    /// <summary>One epoch's steps (with restarts after a recovered divergence) and its measurements.</summary>
    private sealed class EpochRunner(ITrainableModel model, BatchPlan plan, TrainingContext context, TrainingCallback[] callbacks, TrainMetricsMode trainMetrics)
    {
        private readonly ConfusionMatrix _confusion = new(model.ClassCount);
        private readonly int[] _predictions = new int[Math.Max(plan.BatchSize, trainMetrics == TrainMetricsMode.Evaluate ? plan.Rows : 0)];
        private readonly int[] _validationPredictions = new int[model.RowCount(DataPart.Validation)];
        private double _lossSum;
        private long _lossRows;

        /// <summary>Runs the epoch's batches; false when a callback stopped training in the middle of it.</summary>
        public bool Train(int epoch, CancellationToken cancellationToken)
        {
            context.Epoch = epoch;
            long firstStep = context.Step;
            while (true)
            {
                foreach (var callback in callbacks)
                    callback.OnEpochBegin(context);
                plan.BeginEpoch(epoch);
                _confusion.Clear();
                _lossSum = 0;
                _lossRows = 0;
                var labels = model.Labels(DataPart.Training);
                for (int b = 0; b < plan.StepsPerEpoch; b++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var rows = plan.Batch(b);
                    var batch = new TrainingBatch(rows, epoch, b, context.Step, plan.StepSeed(context.Step));
                    foreach (var callback in callbacks)
                        callback.OnBatchBegin(context, batch);
                    var predicted = _predictions.AsSpan(0, rows.Length);
                    double loss = model.TrainBatch(batch, predicted);
                    context.Step++;
                    _lossSum += loss * rows.Length;
                    _lossRows += rows.Length;
                    for (int i = 0; i < rows.Length; i++)
                        _confusion.Add(labels[rows[i]], predicted[i]);
                    foreach (var callback in callbacks)
                        callback.OnBatchEnd(context, batch, loss);
                    if (context.StopImmediately)
                        return false;
                    if (context.RestartReason is not null)
                        break;
                }
                if (context.RestartReason is null)
                    return true;
                context.Logger.LogWarning("Epoch {Epoch} restarts: {Reason}", epoch + 1, context.RestartReason);
                context.RestartReason = null;
                context.Step = firstStep;
            }
        }

        /// <summary>The epoch's report: training metrics (running or a full pass) and validation metrics.</summary>
        public EpochReport Measure(int epoch, Stopwatch clock)
        {
            int k = model.ClassCount;
            EpochMetrics train;
            if (trainMetrics == TrainMetricsMode.Evaluate)
            {
                var all = _predictions.AsSpan(0, plan.Rows);
                double loss = model.Evaluate(DataPart.Training, all);
                train = new EpochMetrics(loss, ConfusionMatrix.FromPredictions(model.Labels(DataPart.Training), all, k));
            }
            else
            {
                train = new EpochMetrics(_lossSum / _lossRows, _confusion.Clone());
            }
            EpochMetrics? validation = null;
            if (_validationPredictions.Length > 0)
            {
                double loss = model.Evaluate(DataPart.Validation, _validationPredictions);
                validation = new EpochMetrics(loss, ConfusionMatrix.FromPredictions(model.Labels(DataPart.Validation), _validationPredictions, k));
            }
            clock.Stop();
            return new EpochReport(epoch, context.Epochs, model.LearningRate, context.Step, clock.Elapsed, train, validation);
        }
    }
}
