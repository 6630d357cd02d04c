using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PipelineExtensions.Randomness;

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
        int n = model.RowCount(DataPart.Training);
        if (n <= 0)
            throw new ArgumentException("The model has no training rows.", nameof(model));
        if (model.Labels(DataPart.Training).Length != n)
            throw new ArgumentException($"The model reports {n} training rows but {model.Labels(DataPart.Training).Length} training labels.", nameof(model));
        int nValidation = model.RowCount(DataPart.Validation);
        if (model.Labels(DataPart.Validation).Length != nValidation)
            throw new ArgumentException($"The model reports {nValidation} validation rows but {model.Labels(DataPart.Validation).Length} validation labels.", nameof(model));
        int batchSize = Math.Min(options.BatchSize, n);
        int stepsPerEpoch = options.DropLastIncompleteBatch ? n / batchSize : (n + batchSize - 1) / batchSize;

        var logger = options.Logger ?? NullLogger.Instance;
        var history = new TrainingHistory();
        var context = new TrainingContext(model, options, history, logger, stepsPerEpoch);
        var callbacks = options.Callbacks.ToArray();

        foreach (var callback in callbacks)
            callback.OnTrainBegin(context);
        int firstEpoch = 0;
        if (context.ResumePath is { } resumePath)
        {
            firstEpoch = CheckpointFile.Read(resumePath, context, callbacks, batchSize, stepsPerEpoch);
            context.RecordEvent(TrainingEventKind.Resumed, "loop", $"resumed from '{resumePath}' at epoch {firstEpoch + 1}");
        }

        int k = model.ClassCount;
        var trainConfusion = new ConfusionMatrix(k);
        var predictions = new int[Math.Max(batchSize, options.TrainMetrics == TrainMetricsMode.Evaluate ? n : 0)];
        var validationPredictions = new int[nValidation];
        var order = new int[n];
        long stepSeedBase = SeededRandom.MixSeed(options.Seed, StepSeedStream);

        int epoch = firstEpoch;
        for (; epoch < options.Epochs && !context.StopRequested; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            context.Epoch = epoch;
            long epochStartStep = context.Step;
            var clock = Stopwatch.StartNew();
            double lossSum;
            long lossRows;
            bool aborted;
            while (true)
            {
                foreach (var callback in callbacks)
                    callback.OnEpochBegin(context);
                FillOrder(order, options.Shuffle, options.Seed, epoch);
                trainConfusion.Clear();
                lossSum = 0;
                lossRows = 0;
                aborted = false;
                var labels = model.Labels(DataPart.Training);
                for (int b = 0; b < stepsPerEpoch; b++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int start = b * batchSize;
                    var rows = order.AsSpan(start, Math.Min(batchSize, n - start));
                    var batch = new TrainingBatch(rows, epoch, b, context.Step, SeededRandom.MixSeed(stepSeedBase, context.Step));
                    foreach (var callback in callbacks)
                        callback.OnBatchBegin(context, batch);
                    var predicted = predictions.AsSpan(0, rows.Length);
                    double loss = model.TrainBatch(batch, predicted);
                    context.Step++;
                    lossSum += loss * rows.Length;
                    lossRows += rows.Length;
                    for (int i = 0; i < rows.Length; i++)
                        trainConfusion.Add(labels[rows[i]], predicted[i]);
                    foreach (var callback in callbacks)
                        callback.OnBatchEnd(context, batch, loss);
                    if (context.RestartReason is not null || context.StopImmediately)
                    {
                        aborted = true;
                        break;
                    }
                }
                if (context.StopImmediately || context.RestartReason is null)
                    break;
                logger.LogWarning("Epoch {Epoch} restarts: {Reason}", epoch + 1, context.RestartReason);
                context.RestartReason = null;
                context.Step = epochStartStep;
            }
            if (aborted && context.StopImmediately)
                break;

            EpochMetrics train;
            if (options.TrainMetrics == TrainMetricsMode.Evaluate)
            {
                double loss = model.Evaluate(DataPart.Training, predictions.AsSpan(0, n));
                train = new EpochMetrics(loss, ConfusionMatrix.FromPredictions(model.Labels(DataPart.Training), predictions.AsSpan(0, n), k));
            }
            else
            {
                train = new EpochMetrics(lossSum / lossRows, trainConfusion.Clone());
            }
            EpochMetrics? validation = null;
            if (nValidation > 0)
            {
                double loss = model.Evaluate(DataPart.Validation, validationPredictions);
                validation = new EpochMetrics(loss, ConfusionMatrix.FromPredictions(model.Labels(DataPart.Validation), validationPredictions, k));
            }
            clock.Stop();
            var report = new EpochReport(epoch, options.Epochs, model.LearningRate, context.Step, clock.Elapsed, train, validation);
            history.Add(report);
            foreach (var callback in callbacks)
                callback.OnEpochEnd(context, report);
            logger.LogInformation("{Report}", report.ToString());
            options.Progress?.Report(report);
            if (context.CheckpointPath is { } checkpointPath)
            {
                context.CheckpointPath = null;
                CheckpointFile.Write(checkpointPath, context, callbacks, epoch + 1, batchSize);
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

    /// <summary>The row order of an epoch: a permutation from <c>SeededRandom.Derive(seed, epoch)</c>, or 0..n−1 without shuffling.</summary>
    internal static void FillOrder(int[] order, bool shuffle, long seed, int epoch)
    {
        for (int i = 0; i < order.Length; i++)
            order[i] = i;
        if (shuffle)
            SeededRandom.Derive(seed, epoch).Shuffle(order.AsSpan());
    }
}
