namespace PipelineExtensions.Training;

/// <summary>Why training ended.</summary>
public enum StopReason
{
    /// <summary>Training has not ended yet.</summary>
    None,

    /// <summary>All planned epochs ran.</summary>
    EpochsCompleted,

    /// <summary><see cref="EarlyStopping"/> saw no improvement for its patience.</summary>
    EarlyStopping,

    /// <summary>The loss or the parameters diverged and the <see cref="DivergenceGuard"/> stopped training.</summary>
    Diverged,

    /// <summary>Another callback asked to stop.</summary>
    Requested,
}
