namespace PipelineExtensions.Training;

/// <summary>Something a training policy did or observed, kept in <see cref="TrainingHistory.Events"/>.</summary>
/// <param name="Epoch">The epoch (0-based) during or after which it happened.</param>
/// <param name="Step">Optimizer steps taken when it happened.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Source">Who did it (the callback's name, or "loop").</param>
/// <param name="Message">A human-readable sentence with the figures.</param>
/// <param name="From">The old value (e.g. the learning rate before a cut), when there is one.</param>
/// <param name="To">The new value, when there is one.</param>
public sealed record TrainingEvent(int Epoch, long Step, TrainingEventKind Kind, string Source, string Message, double? From = null, double? To = null)
{
    /// <inheritdoc />
    public override string ToString() => $"[epoch {Epoch + 1}, step {Step}] {Kind} ({Source}): {Message}";
}

/// <summary>The kinds of <see cref="TrainingEvent"/>.</summary>
public enum TrainingEventKind
{
    /// <summary>A policy (plateau, divergence guard, user code) changed the learning rate.</summary>
    LearningRateChanged,

    /// <summary>The monitored metric reached a new best value.</summary>
    BestEpoch,

    /// <summary>Early stopping ended training.</summary>
    EarlyStopped,

    /// <summary>A non-finite or exploding loss, or non-finite parameters, were detected.</summary>
    DivergenceDetected,

    /// <summary>The last good state was restored after a divergence and training continued.</summary>
    DivergenceRecovered,

    /// <summary>Weights were restored from a snapshot (best epoch, last good state).</summary>
    WeightsRestored,

    /// <summary>A checkpoint was written.</summary>
    CheckpointSaved,

    /// <summary>Training resumed from a checkpoint.</summary>
    Resumed,

    /// <summary>A callback asked training to stop.</summary>
    StopRequested,

    /// <summary>Anything else a custom callback records.</summary>
    Other,
}
