using PipelineExtensions.Options;

namespace PipelineExtensions.Training;

/// <summary>
/// Writes a checkpoint of the whole run — model weights and optimizer state, learning rate, step and epoch
/// counters, history and every callback's state — every <see cref="EveryEpochs"/> epochs (atomically, so a
/// crash never leaves a half-written file), and resumes from it when the run starts again. A resumed run
/// produces the same result, bit for bit, as one that was never interrupted.
/// </summary>
/// <remarks>
/// The checkpoint is written after every callback has handled the epoch's end. Resuming needs the same data,
/// seed, batch size and the same callback types in the same order; otherwise a <see cref="CheckpointException"/>
/// names what differs. The number of epochs may change (to train longer).
/// </remarks>
/// <example>
/// <code>
/// var callbacks = new TrainingCallback[] { new EarlyStopping { Patience = 5 }, new Checkpointing("run.ckpt") };
/// </code>
/// </example>
public sealed class Checkpointing : TrainingCallback
{
    /// <summary>Creates the callback.</summary>
    /// <param name="path">The checkpoint file (overwritten each time).</param>
    public Checkpointing(string path)
    {
        Path = Check.NotEmpty(path);
    }

    /// <summary>The checkpoint file.</summary>
    public string Path { get; }

    /// <summary>Write every this many epochs (≥ 1); the last epoch and a stop are always written. Default 1.</summary>
    public int EveryEpochs { get; init => field = Check.Positive(value); } = 1;

    /// <summary>Resume from <see cref="Path"/> when it exists at the start of training. Default true.</summary>
    public bool Resume { get; init; } = true;

    /// <inheritdoc />
    public override void OnTrainBegin(TrainingContext context)
    {
        if (Resume && File.Exists(Path))
            context.RequestResume(Path);
    }

    /// <inheritdoc />
    public override void OnEpochEnd(TrainingContext context, EpochReport report)
    {
        if ((report.Epoch + 1) % EveryEpochs == 0 || report.Epoch + 1 == context.Epochs || context.StopRequested)
            context.RequestCheckpoint(Path);
    }
}
