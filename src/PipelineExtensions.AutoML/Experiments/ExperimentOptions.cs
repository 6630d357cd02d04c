using PipelineExtensions.AutoML.Pruners;
using PipelineExtensions.AutoML.Storage;
using PipelineExtensions.AutoML.Trials;
using PipelineExtensions.AutoML.Tuners;
using PipelineExtensions.Options;

namespace PipelineExtensions.AutoML.Experiments;

/// <summary>
/// Settings of an <see cref="Experiment"/>. Budgets (trials, total steps) are study-wide, so several workers on
/// one study share them; the wall-time budget is per run. At least one budget (or a finite tuner) is needed.
/// </summary>
public sealed class ExperimentOptions
{
    private int _degreeOfParallelism = 1;
    private int? _threadsPerTrial;
    private int? _maxTrials;
    private long? _maxTotalSteps;
    private TimeSpan? _maxDuration;
    private TimeSpan _heartbeatInterval = TimeSpan.FromSeconds(5);
    private TimeSpan? _staleAfter;
    private int _maxAttempts = 2;

    /// <summary>The study's name in the store; resuming means running again with the same name. Default "default".</summary>
    public string StudyName { get; set; } = "default";

    /// <summary>Whether the value is minimised (default) or maximised.</summary>
    public OptimizationDirection Direction { get; set; } = OptimizationDirection.Minimize;

    /// <summary>
    /// When set, the objective's value is this entry of <see cref="TrialOutcome.Metrics"/> (e.g. "balanced_accuracy"),
    /// so one objective serves sweeps over different metrics. Default null: <see cref="TrialOutcome.Value"/>.
    /// </summary>
    public string? Metric { get; set; }

    /// <summary>Study-wide number of trials (all states count, as in Optuna); null: no limit.</summary>
    public int? MaxTrials { get => _maxTrials; set => _maxTrials = value is { } v ? Check.Positive(v, nameof(MaxTrials)) : null; }

    /// <summary>
    /// Study-wide number of intermediate reports (e.g. epochs) after which no new trial starts — enqueued ones
    /// included; a re-queued trial that had started still runs; null: no limit.
    /// </summary>
    public long? MaxTotalSteps
    {
        get => _maxTotalSteps;
        set => _maxTotalSteps = value is { } v ? (v > 0 ? v : throw new ArgumentOutOfRangeException(nameof(MaxTotalSteps), v, $"MaxTotalSteps must be positive, got {v}.")) : null;
    }

    /// <summary>Wall time of this run after which no new trial starts (running ones finish); null: no limit.</summary>
    public TimeSpan? MaxDuration
    {
        get => _maxDuration;
        set => _maxDuration = value is { } v ? (v > TimeSpan.Zero ? v : throw new ArgumentOutOfRangeException(nameof(MaxDuration), v, $"MaxDuration must be positive, got {v}.")) : null;
    }

    /// <summary>Trials run at the same time in this process. Default 1.</summary>
    public int DegreeOfParallelism { get => _degreeOfParallelism; set => _degreeOfParallelism = Check.InRange(value, 1, 1024); }

    /// <summary>
    /// Threads one trial may use; default: processor count ÷ degree of parallelism, at least 1, so parallel trials
    /// do not oversubscribe the cores (a warning is logged when DegreeOfParallelism × ThreadsPerTrial exceeds them).
    /// The objective receives it as <see cref="TrialContext.MaxThreads"/> and <see cref="TrialContext.ParallelOptions"/>
    /// and passes it to its trainer: .NET offers no way to cap a thread's Parallel.For calls from outside.
    /// </summary>
    public int ThreadsPerTrial
    {
        get => _threadsPerTrial ?? Math.Max(1, Environment.ProcessorCount / DegreeOfParallelism);
        set => _threadsPerTrial = Check.InRange(value, 1, 1024);
    }

    /// <summary>The tuner; default TPE with Optuna's defaults, seeded by the catalog or 0.</summary>
    public ITuner? Tuner { get; set; }

    /// <summary>The pruner; default <see cref="NoPruner"/>.</summary>
    public IPruner? Pruner { get; set; }

    /// <summary>
    /// Where trials are kept; default a new <see cref="InMemoryTrialStore"/>. Use a <see cref="SqliteTrialStore"/>
    /// (one file, the default for resumable sweeps) to resume after a crash or share the study between processes, a
    /// <see cref="PostgresTrialStore"/> for workers on several machines.
    /// </summary>
    public ITrialStore? Store { get; set; }

    /// <summary>How often a running trial's heartbeat is refreshed. Default 5 s.</summary>
    public TimeSpan HeartbeatInterval
    {
        get => _heartbeatInterval;
        set => _heartbeatInterval = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(HeartbeatInterval), value, "HeartbeatInterval must be positive.");
    }

    /// <summary>A running trial whose heartbeat is older than this is considered orphaned. Default 4 × <see cref="HeartbeatInterval"/>.</summary>
    public TimeSpan StaleAfter
    {
        get => _staleAfter ?? 4 * HeartbeatInterval;
        set => _staleAfter = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(StaleAfter), value, "StaleAfter must be positive.");
    }

    /// <summary>What happens to an orphaned trial. Default <see cref="StaleTrialPolicy.Requeue"/>.</summary>
    public StaleTrialPolicy StaleTrialPolicy { get; set; } = StaleTrialPolicy.Requeue;

    /// <summary>Claims a trial may get before an orphaned one is failed instead of re-queued. Default 2.</summary>
    public int MaxAttempts { get => _maxAttempts; set => _maxAttempts = Check.InRange(value, 1, 1000); }

    /// <summary>Record a throwing objective as a failed trial and go on (default); false stops the run and rethrows.</summary>
    public bool ContinueOnTrialFailure { get; set; } = true;

    /// <summary>This worker's name in the store; default "host:pid:random".</summary>
    public string? WorkerName { get; set; }

    /// <summary>How often an idle worker looks for re-queued trials while others still run. Default 200 ms.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);
}
