using System.Globalization;
using Microsoft.Extensions.Logging;

namespace PipelineExtensions.Training;

/// <summary>
/// What callbacks see of a running <see cref="TrainingLoop"/>: the model, the history, the position
/// (epoch, step) and the actions a policy may take (change the learning rate, stop, restart an epoch,
/// record events).
/// </summary>
public sealed class TrainingContext
{
    internal TrainingContext(ITrainableModel model, TrainingLoopOptions options, TrainingHistory history, ILogger logger, int stepsPerEpoch)
    {
        Model = model;
        Options = options;
        History = history;
        Logger = logger;
        StepsPerEpoch = stepsPerEpoch;
    }

    /// <summary>The model under training.</summary>
    public ITrainableModel Model { get; }

    /// <summary>The loop's options.</summary>
    public TrainingLoopOptions Options { get; }

    /// <summary>The history so far (completed epochs and events).</summary>
    public TrainingHistory History { get; }

    /// <summary>Where callbacks log.</summary>
    public ILogger Logger { get; }

    /// <summary>The current epoch, 0-based (during <see cref="TrainingCallback.OnTrainEnd"/>: the last one started).</summary>
    public int Epoch { get; internal set; }

    /// <summary>The planned number of epochs.</summary>
    public int Epochs => Options.Epochs;

    /// <summary>Optimizer steps taken so far.</summary>
    public long Step { get; internal set; }

    /// <summary>Optimizer steps per epoch.</summary>
    public int StepsPerEpoch { get; }

    /// <summary>The loop's seed.</summary>
    public long Seed => Options.Seed;

    /// <summary>True when the model has a validation set (so <c>val_*</c> metrics exist).</summary>
    public bool HasValidation => Model.RowCount(DataPart.Validation) > 0;

    /// <summary>The metric names each epoch report will have.</summary>
    public IReadOnlyList<string> AvailableMetrics
    {
        get
        {
            var names = new List<string>(MetricNames.PerPart);
            if (HasValidation)
                names.AddRange(MetricNames.PerPart.Select(MetricNames.Validation));
            names.Add(MetricNames.LearningRate);
            return names;
        }
    }

    /// <summary>
    /// The multiplier that policy cuts (<see cref="SetLearningRate"/>) have accumulated; a
    /// <see cref="LearningRateScheduler"/> multiplies its schedule by it, so a plateau or divergence cut is not
    /// undone by the schedule's next value. 1 until a policy changes the rate.
    /// </summary>
    public double LearningRateScale { get; internal set; } = 1.0;

    /// <summary>True once a callback asked training to stop.</summary>
    public bool StopRequested { get; private set; }

    internal bool StopImmediately { get; private set; }

    internal StopReason PendingStopReason { get; private set; }

    internal string? PendingStopMessage { get; private set; }

    internal string? RestartReason { get; set; }

    internal string? ResumePath { get; set; }

    internal string? CheckpointPath { get; set; }

    /// <summary>
    /// A policy's change of the learning rate (plateau cut, divergence cut, user code): sets it on the model,
    /// folds the ratio into <see cref="LearningRateScale"/> and records a <see cref="TrainingEventKind.LearningRateChanged"/> event.
    /// </summary>
    public void SetLearningRate(double learningRate, string source, string reason)
    {
        if (!(learningRate >= 0) || double.IsInfinity(learningRate))
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "A learning rate must be a non-negative finite number.");
        double old = Model.LearningRate;
        if (learningRate == old)
            return;
        if (old > 0)
            LearningRateScale *= learningRate / old;
        Model.LearningRate = learningRate;
        RecordEvent(TrainingEventKind.LearningRateChanged, source,
            string.Create(CultureInfo.InvariantCulture, $"learning rate {old:G6} → {learningRate:G6}: {reason}"), old, learningRate);
    }

    /// <summary>Sets a schedule's value, times <see cref="LearningRateScale"/>, on the model (no event: schedules are expected changes).</summary>
    public void SetScheduledLearningRate(double scheduled)
    {
        double value = scheduled * LearningRateScale;
        if (!(value >= 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(nameof(scheduled), scheduled, "A scheduled learning rate must be a non-negative finite number.");
        Model.LearningRate = value;
    }

    /// <summary>
    /// Asks training to stop. By default the current epoch finishes (its report and callbacks run), as in
    /// Keras; with <paramref name="immediately"/> the loop leaves the epoch after the current batch without a report.
    /// The first request's reason is kept.
    /// </summary>
    public void StopTraining(StopReason reason, string source, string message, bool immediately = false)
    {
        if (reason is StopReason.None or StopReason.EpochsCompleted)
            throw new ArgumentOutOfRangeException(nameof(reason), reason, "A stop needs a reason other than None or EpochsCompleted.");
        StopImmediately |= immediately;
        if (StopRequested)
            return;
        StopRequested = true;
        PendingStopReason = reason;
        PendingStopMessage = message;
        var kind = reason == StopReason.EarlyStopping ? TrainingEventKind.EarlyStopped : TrainingEventKind.StopRequested;
        RecordEvent(kind, source, message);
    }

    /// <summary>
    /// Abandons the current epoch after this batch and runs it again from its first batch with the same
    /// shuffle and step numbers (the divergence guard does this after restoring the last good state).
    /// </summary>
    public void RestartEpoch(string reason) => RestartReason = reason ?? throw new ArgumentNullException(nameof(reason));

    /// <summary>
    /// Restores <paramref name="snapshot"/> into the model as the final weights of the run (e.g. the best epoch's),
    /// sets <see cref="TrainingHistory.RestoredEpoch"/> to <paramref name="epoch"/> and records a
    /// <see cref="TrainingEventKind.WeightsRestored"/> event.
    /// </summary>
    public void RestoreWeights(IModelSnapshot snapshot, int epoch, string source, string reason)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Model.RestoreSnapshot(snapshot);
        History.RestoredEpoch = epoch;
        RecordEvent(TrainingEventKind.WeightsRestored, source, $"restored the weights of epoch {epoch + 1} ({reason})");
    }

    /// <summary>Records an event in the history and logs it.</summary>
    public void RecordEvent(TrainingEventKind kind, string source, string message, double? from = null, double? to = null)
    {
        var e = new TrainingEvent(Epoch, Step, kind, source, message, from, to);
        History.Add(e);
        var level = kind is TrainingEventKind.DivergenceDetected ? LogLevel.Warning : LogLevel.Information;
        Logger.Log(level, "{Event}", e.ToString());
    }

    /// <summary>
    /// Asks the loop to write a checkpoint to <paramref name="path"/> once every callback has seen the
    /// current epoch's end (so their states are complete). Call it from <see cref="TrainingCallback.OnEpochEnd"/>.
    /// </summary>
    public void RequestCheckpoint(string path) => CheckpointPath = path ?? throw new ArgumentNullException(nameof(path));

    /// <summary>
    /// Asks the loop to resume from the checkpoint at <paramref name="path"/> once every callback's
    /// <see cref="TrainingCallback.OnTrainBegin"/> has run. Call it from <see cref="TrainingCallback.OnTrainBegin"/>.
    /// </summary>
    public void RequestResume(string path) => ResumePath = path ?? throw new ArgumentNullException(nameof(path));

    internal void ClearStop()
    {
        StopRequested = false;
        StopImmediately = false;
        PendingStopReason = StopReason.None;
        PendingStopMessage = null;
    }

    internal void RestoreStop(bool requested, StopReason reason, string? message)
    {
        StopRequested = requested;
        PendingStopReason = reason;
        PendingStopMessage = message;
    }
}
