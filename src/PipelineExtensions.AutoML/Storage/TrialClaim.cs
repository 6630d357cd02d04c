namespace PipelineExtensions.AutoML.Storage;

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

/// <summary>
/// Study-wide budgets checked atomically when a worker claims a trial. They bind new trials and queued (enqueued)
/// trials that never started alike; a trial that started before and was re-queued (released, or recovered from a
/// dead worker) always runs again, so no trial of the budget is lost.
/// </summary>
/// <param name="MaxTrials">
/// No new trial is created once the study holds this many trials (any state), and a queued trial does not start
/// once this many trials have started; null: no limit.
/// </param>
/// <param name="MaxTotalSteps">No trial starts for the first time once this many intermediate values were reported over the study; null: no limit.</param>
public sealed record ClaimLimits(int? MaxTrials = null, long? MaxTotalSteps = null);
