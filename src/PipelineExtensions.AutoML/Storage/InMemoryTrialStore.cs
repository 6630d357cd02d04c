using PipelineExtensions.AutoML.Trials;

namespace PipelineExtensions.AutoML.Storage;

/// <summary>
/// A trial store in this process's memory: fast, for one process (several parallel trials included); gone when
/// the process ends. Same semantics as the database stores, so it also serves as their reference in tests.
/// </summary>
public sealed class InMemoryTrialStore : ITrialStore
{
    private readonly Lock _lock = new();
    private readonly List<StudyInfo> _studies = [];
    private readonly Dictionary<long, List<Row>> _trials = [];
    private readonly TimeProvider _clock;
    private long _nextTrialId = 1;

    /// <summary>Creates an empty store; <paramref name="clock"/> (default: system clock) times heartbeats.</summary>
    public InMemoryTrialStore(TimeProvider? clock = null) => _clock = clock ?? TimeProvider.System;

    /// <inheritdoc />
    public StudyInfo CreateOrLoadStudy(string name, OptimizationDirection direction, string searchSpaceJson)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(searchSpaceJson);
        lock (_lock)
        {
            if (_studies.FirstOrDefault(s => s.Name == name) is { } existing)
                return StudyCompatibility.Check(existing, direction, searchSpaceJson);
            var study = new StudyInfo(_studies.Count + 1, name, direction, searchSpaceJson);
            _studies.Add(study);
            _trials[study.Id] = [];
            return study;
        }
    }

    /// <inheritdoc />
    public StudyInfo? FindStudy(string name)
    {
        lock (_lock)
            return _studies.FirstOrDefault(s => s.Name == name);
    }

    /// <inheritdoc />
    public IReadOnlyList<StudyInfo> ListStudies()
    {
        lock (_lock)
            return [.. _studies];
    }

    /// <inheritdoc />
    public TrialClaim? ClaimTrial(long studyId, string worker, ClaimLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        lock (_lock)
        {
            var trials = Trials(studyId);
            // Re-queued trials (started before) always run; a queued trial that never started is a new trial for
            // the budgets: it starts only while fewer than MaxTrials trials have started and the steps are not spent.
            bool stepsSpent = limits.MaxTotalSteps is { } steps && trials.Sum(t => (long)t.Intermediate.Count) >= steps;
            bool freshAllowed = !stepsSpent && (limits.MaxTrials is not { } started || trials.Count(t => t.Attempt > 0) < started);
            var row = trials.Where(t => t.State == TrialState.Waiting && (t.Attempt > 0 || freshAllowed)).MinBy(t => t.Number);
            if (row is null)
            {
                if (limits.MaxTrials is { } max && trials.Count >= max)
                    return null;
                if (!freshAllowed)
                    return null;
                row = new Row { Id = _nextTrialId++, Number = trials.Count };
                trials.Add(row);
            }
            var now = _clock.GetUtcNow();
            row.State = TrialState.Running;
            row.Worker = worker;
            row.Token = Guid.NewGuid().ToString("N");
            row.Attempt++;
            row.Started = row.Heartbeat = now;
            return new TrialClaim(studyId, row.Id, row.Number, row.Token, row.Attempt, row.Parameters);
        }
    }

    /// <inheritdoc />
    public int EnqueueTrial(long studyId, IReadOnlyDictionary<string, double> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        lock (_lock)
        {
            var trials = Trials(studyId);
            var row = new Row { Id = _nextTrialId++, Number = trials.Count, Parameters = new Dictionary<string, double>(parameters) };
            trials.Add(row);
            return row.Number;
        }
    }

    /// <inheritdoc />
    public bool SetParameters(TrialClaim claim, IReadOnlyDictionary<string, double> parameters) =>
        WithClaim(claim, row => row.Parameters = new Dictionary<string, double>(parameters));

    /// <inheritdoc />
    public bool ReportIntermediate(TrialClaim claim, int step, double value) => WithClaim(claim, row => row.Intermediate[step] = value);

    /// <inheritdoc />
    public bool SetSystemAttribute(TrialClaim claim, string key, double value) => WithClaim(claim, row => row.SystemAttributes[key] = value);

    /// <inheritdoc />
    public bool Heartbeat(TrialClaim claim) => WithClaim(claim, row => row.Heartbeat = _clock.GetUtcNow());

    /// <inheritdoc />
    public bool FinishTrial(TrialClaim claim, TrialOutcomeRecord outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.State is TrialState.Waiting or TrialState.Running)
            throw new ArgumentException($"A trial cannot finish in state {outcome.State}.", nameof(outcome));
        return WithClaim(claim, row =>
        {
            row.State = outcome.State;
            row.Value = outcome.Value;
            row.Metrics = outcome.Metrics;
            row.UserAttributes = outcome.UserAttributes;
            row.Error = outcome.Error;
            row.Finished = _clock.GetUtcNow();
        });
    }

    /// <inheritdoc />
    public bool ReleaseTrial(TrialClaim claim) => WithClaim(claim, Requeue);

    /// <inheritdoc />
    public int RecoverStaleTrials(long studyId, TimeSpan staleAfter, StaleTrialPolicy policy, int maxAttempts)
    {
        lock (_lock)
        {
            var cutoff = _clock.GetUtcNow() - staleAfter;
            int count = 0;
            foreach (var row in Trials(studyId).Where(t => t.State == TrialState.Running && t.Heartbeat < cutoff))
            {
                count++;
                if (policy == StaleTrialPolicy.Requeue && row.Attempt < maxAttempts)
                {
                    Requeue(row);
                }
                else
                {
                    row.State = TrialState.Failed;
                    row.Token = null;
                    row.Error = StudyCompatibility.StaleMessage(row.Heartbeat, row.Attempt);
                    row.Finished = _clock.GetUtcNow();
                }
            }
            return count;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<TrialRecord> GetTrials(long studyId)
    {
        lock (_lock)
            return Trials(studyId).Select(r => r.ToRecord()).ToList();
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private static void Requeue(Row row)
    {
        row.State = TrialState.Waiting;
        row.Token = null;
        row.Worker = null;
        row.Heartbeat = row.Started = null;
        row.Intermediate.Clear();
        row.SystemAttributes.Clear();
    }

    private List<Row> Trials(long studyId) =>
        _trials.TryGetValue(studyId, out var list) ? list : throw new KeyNotFoundException($"No study with id {studyId} in this in-memory store.");

    private bool WithClaim(TrialClaim claim, Action<Row> update)
    {
        ArgumentNullException.ThrowIfNull(claim);
        lock (_lock)
        {
            var row = Trials(claim.StudyId).FirstOrDefault(t => t.Id == claim.TrialId);
            if (row is null || row.State != TrialState.Running || row.Token != claim.Token)
                return false;
            update(row);
            return true;
        }
    }

    private sealed class Row
    {
        public long Id;
        public int Number;
        public TrialState State = TrialState.Waiting;
        public Dictionary<string, double>? Parameters;
        public double? Value;
        public readonly SortedDictionary<int, double> Intermediate = [];
        public IReadOnlyDictionary<string, double>? Metrics;
        public IReadOnlyDictionary<string, string>? UserAttributes;
        public readonly Dictionary<string, double> SystemAttributes = [];
        public string? Worker, Token, Error;
        public int Attempt;
        public DateTimeOffset? Started, Finished, Heartbeat;

        public TrialRecord ToRecord() =>
            new(Number, State, Parameters is null ? null : new Dictionary<string, double>(Parameters), Value, Intermediate,
                Metrics, UserAttributes, new Dictionary<string, double>(SystemAttributes))
            {
                Worker = Worker, Attempt = Attempt, Started = Started, Finished = Finished, Heartbeat = Heartbeat, Error = Error,
            };
    }
}
