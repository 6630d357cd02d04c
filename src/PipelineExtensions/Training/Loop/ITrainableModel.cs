namespace PipelineExtensions.Training;

/// <summary>
/// What the engine-independent training loop, its callbacks and the learning-rate finder need from a
/// model under training: a learning rate, one optimizer step on a batch of rows, evaluation, finiteness
/// checks and snapshots of its state. The neural engine implements it; another engine (LightGBM, the real
/// ML.NET) can plug into the same policies by implementing it too.
/// </summary>
/// <remarks>
/// <para>The model owns its data: the loop refers to rows of the training set by index, and learns the true
/// labels from <see cref="Labels"/> to compute metrics. An engine that cannot take mini-batch steps (a
/// boosting library) can treat every call of <see cref="TrainBatch"/> as one round and be run with a batch
/// size equal to the training set.</para>
/// <para>For a checkpoint to resume bit-identically the engine must take all its randomness in a step
/// (dropout masks, online augmentation) from <see cref="TrainingBatch.Seed"/>, and its snapshots with
/// <see cref="SnapshotScope.TrainingState"/> must hold everything that influences later steps
/// (weights, running statistics, optimizer moments and step counters).</para>
/// </remarks>
public interface ITrainableModel
{
    /// <summary>Number of classes K; labels and predictions are 0..K−1.</summary>
    int ClassCount { get; }

    /// <summary>Rows in a data part (0 for <see cref="DataPart.Validation"/> when there is no validation set).</summary>
    int RowCount(DataPart part);

    /// <summary>The true class of every row of a data part (−1 for a missing label, which metrics skip).</summary>
    ReadOnlySpan<int> Labels(DataPart part);

    /// <summary>The learning rate the next optimizer step will use; settable between steps.</summary>
    double LearningRate { get; set; }

    /// <summary>
    /// One optimizer step on the training rows <see cref="TrainingBatch.Rows"/>: forward, loss, backward, update.
    /// Writes the class each row was predicted as by the forward pass of this step (before the update) to
    /// <paramref name="predictedClasses"/> (same length as the rows).
    /// </summary>
    /// <returns>The mean loss of the batch as the optimizer saw it (NaN or infinite when it diverged).</returns>
    double TrainBatch(in TrainingBatch batch, Span<int> predictedClasses);

    /// <summary>
    /// Evaluates every row of <paramref name="part"/> in inference mode (no dropout, running statistics) and
    /// writes the predicted class of each row to <paramref name="predictedClasses"/>.
    /// </summary>
    /// <returns>The mean loss over the part.</returns>
    double Evaluate(DataPart part, Span<int> predictedClasses);

    /// <summary>True when every parameter (and optimizer state) is finite.</summary>
    bool ParametersAreFinite();

    /// <summary>A copy of the model's state, to restore later with <see cref="RestoreSnapshot"/>.</summary>
    IModelSnapshot CaptureSnapshot(SnapshotScope scope);

    /// <summary>Puts the state captured in <paramref name="snapshot"/> back (the learning rate is not part of it).</summary>
    void RestoreSnapshot(IModelSnapshot snapshot);

    /// <summary>Writes a snapshot to a stream (for checkpoints).</summary>
    void WriteSnapshot(IModelSnapshot snapshot, Stream destination);

    /// <summary>Reads a snapshot written by <see cref="WriteSnapshot"/>; throws <see cref="InvalidDataException"/> when it does not fit this model.</summary>
    IModelSnapshot ReadSnapshot(Stream source);
}

/// <summary>A model whose optimizer has a momentum the schedules may set (SGD momentum, Adam's β₁), as <see cref="OneCycle"/> does.</summary>
public interface IMomentumControl
{
    /// <summary>The momentum the next optimizer step will use.</summary>
    double Momentum { get; set; }
}

/// <summary>An opaque copy of a model's state made by <see cref="ITrainableModel.CaptureSnapshot"/>.</summary>
public interface IModelSnapshot
{
    /// <summary>What the snapshot contains.</summary>
    SnapshotScope Scope { get; }
}

/// <summary>What a snapshot holds.</summary>
public enum SnapshotScope
{
    /// <summary>The weights and the state used at inference (e.g. batch-norm running statistics) — Keras' <c>get_weights</c>.</summary>
    Weights,

    /// <summary>Everything that influences later training: weights plus optimizer state (moments, step counts).</summary>
    TrainingState,
}

/// <summary>The data parts a model holds.</summary>
public enum DataPart
{
    /// <summary>The rows the optimizer learns from.</summary>
    Training,

    /// <summary>The held-out rows that are monitored.</summary>
    Validation,
}
