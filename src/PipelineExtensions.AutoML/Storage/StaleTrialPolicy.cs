namespace PipelineExtensions.AutoML.Storage;

/// <summary>What happens to a running trial whose worker stopped sending heartbeats.</summary>
public enum StaleTrialPolicy
{
    /// <summary>Put it back in the queue with the same number and parameters (until its attempts run out, then fail it).</summary>
    Requeue = 0,

    /// <summary>Mark it failed (Optuna's default for stale trials).</summary>
    Fail = 1,
}
