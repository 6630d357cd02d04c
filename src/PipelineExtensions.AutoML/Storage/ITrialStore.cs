using PipelineExtensions.AutoML.Trials;

namespace PipelineExtensions.AutoML.Storage;

/// <summary>
/// Where a study's trials live, shared by every worker of the study — Optuna's storage contract, with the
/// distributed guarantees spelled out:
/// <list type="bullet">
/// <item>Claims are atomic: a waiting trial goes to exactly one worker; new trial numbers are never reused; the
/// study-wide budgets in <see cref="ClaimLimits"/> are checked in the same transaction.</item>
/// <item>Writes about a running trial carry its <see cref="TrialClaim"/>; a store accepts them only while that claim
/// still holds, so a trial re-queued after its worker went silent cannot be completed twice.</item>
/// <item>A running trial whose heartbeat is older than a threshold is re-queued or failed by
/// <see cref="RecoverStaleTrials"/> (any worker calls it).</item>
/// </list>
/// Implementations: <see cref="InMemoryTrialStore"/> (one process), <see cref="SqliteTrialStore"/> (one file,
/// processes on one machine), <see cref="PostgresTrialStore"/> (processes on many machines).
/// </summary>
public interface ITrialStore : IDisposable
{
    /// <summary>
    /// Creates the study, or loads it when it exists with the same direction and search space; a study of that name
    /// with another direction or space is an error naming the difference (resume the right study, or pick a new name).
    /// </summary>
    StudyInfo CreateOrLoadStudy(string name, OptimizationDirection direction, string searchSpaceJson);

    /// <summary>The study called <paramref name="name"/>, or null.</summary>
    StudyInfo? FindStudy(string name);

    /// <summary>All studies in the store.</summary>
    IReadOnlyList<StudyInfo> ListStudies();

    /// <summary>
    /// Atomically hands this worker a trial: the lowest-numbered waiting trial if any (one that never started only
    /// while <paramref name="limits"/> allow a new trial), else a new trial with the next number while they allow one;
    /// null when the budget is spent.
    /// </summary>
    TrialClaim? ClaimTrial(long studyId, string worker, ClaimLimits limits);

    /// <summary>Adds a waiting trial with fixed parameters (Optuna's <c>enqueue_trial</c>); returns its number.</summary>
    int EnqueueTrial(long studyId, IReadOnlyDictionary<string, double> parameters);

    /// <summary>Stores the sampled parameters of a claimed trial; false when the claim no longer holds.</summary>
    bool SetParameters(TrialClaim claim, IReadOnlyDictionary<string, double> parameters);

    /// <summary>Records the intermediate value at <paramref name="step"/> (replacing one at the same step); false when the claim no longer holds.</summary>
    bool ReportIntermediate(TrialClaim claim, int step, double value);

    /// <summary>Sets a pruner's numeric attribute on the trial; false when the claim no longer holds.</summary>
    bool SetSystemAttribute(TrialClaim claim, string key, double value);

    /// <summary>Refreshes the trial's heartbeat; false when the claim no longer holds (the trial was re-queued or failed).</summary>
    bool Heartbeat(TrialClaim claim);

    /// <summary>
    /// Finishes the trial (complete, pruned or failed) with its value, metrics, attributes and error; false — and
    /// nothing written — when the claim no longer holds.
    /// </summary>
    bool FinishTrial(TrialClaim claim, TrialOutcomeRecord outcome);

    /// <summary>
    /// Gives a claimed trial back to the queue (same number and parameters, intermediate values cleared), e.g. when
    /// its run was cancelled; false when the claim no longer holds.
    /// </summary>
    bool ReleaseTrial(TrialClaim claim);

    /// <summary>Re-queues (or fails, per <paramref name="policy"/> and <paramref name="maxAttempts"/>) running trials whose heartbeat is older than <paramref name="staleAfter"/>; returns how many.</summary>
    int RecoverStaleTrials(long studyId, TimeSpan staleAfter, StaleTrialPolicy policy, int maxAttempts);

    /// <summary>A snapshot of every trial of the study, ordered by number, with intermediate values.</summary>
    IReadOnlyList<TrialRecord> GetTrials(long studyId);
}

/// <summary>How a trial ended, as written by <see cref="ITrialStore.FinishTrial"/>.</summary>
/// <param name="State">Complete, Pruned or Failed.</param>
/// <param name="Value">The objective value (complete trials).</param>
/// <param name="Metrics">Further metrics the objective returned.</param>
/// <param name="UserAttributes">Free-form attributes.</param>
/// <param name="Error">Why it failed.</param>
public sealed record TrialOutcomeRecord(
    TrialState State,
    double? Value = null,
    IReadOnlyDictionary<string, double>? Metrics = null,
    IReadOnlyDictionary<string, string>? UserAttributes = null,
    string? Error = null);
