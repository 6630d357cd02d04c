namespace PipelineExtensions.AutoML.Trials;

/// <summary>A study as stored: its id in the store, unique name, direction and search space (JSON).</summary>
/// <param name="Id">The store's id of the study.</param>
/// <param name="Name">The unique study name.</param>
/// <param name="Direction">Whether smaller or larger values are better.</param>
/// <param name="SearchSpaceJson">The search space (see <see cref="SearchSpaces.SearchSpaceJson"/>).</param>
public sealed record StudyInfo(long Id, string Name, OptimizationDirection Direction, string SearchSpaceJson);

/// <summary>
/// A worker's hold on a running trial. Every write about the trial carries the claim's <see cref="Token"/>, and
/// the store accepts it only while the trial is still running under that token: once a trial has been re-queued
/// (its worker presumed dead), a late write from the old worker is refused, so no result is ever recorded twice.
/// </summary>
/// <param name="StudyId">The study.</param>
/// <param name="TrialId">The store's id of the trial row.</param>
/// <param name="Number">The trial number in the study.</param>
/// <param name="Token">The fencing token of this claim (unique per claim).</param>
/// <param name="Attempt">1 for the first claim of the trial, 2 after one re-queue, …</param>
/// <param name="Parameters">Parameters fixed before the claim (enqueued or re-queued trials), or null to sample.</param>
public sealed record TrialClaim(long StudyId, long TrialId, int Number, string Token, int Attempt, IReadOnlyDictionary<string, double>? Parameters);

/// <summary>Study-wide budgets checked atomically when a worker claims a new trial.</summary>
/// <param name="MaxTrials">No new trial is created once the study holds this many trials (any state); null: no limit.</param>
/// <param name="MaxTotalSteps">No new trial is created once this many intermediate values were reported over the study; null: no limit.</param>
public sealed record ClaimLimits(int? MaxTrials = null, long? MaxTotalSteps = null);

/// <summary>What happens to a running trial whose worker stopped sending heartbeats.</summary>
public enum StaleTrialPolicy
{
    /// <summary>Put it back in the queue with the same number and parameters (until its attempts run out, then fail it).</summary>
    Requeue = 0,

    /// <summary>Mark it failed (Optuna's default for stale trials).</summary>
    Fail = 1,
}
