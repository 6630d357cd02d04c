using PipelineExtensions.AutoML.Pruners;
using PipelineExtensions.AutoML.SearchSpaces;
using PipelineExtensions.AutoML.Storage;
using PipelineExtensions.AutoML.Trials;

namespace PipelineExtensions.AutoML.Experiments;

/// <summary>
/// A running trial as its objective sees it: report intermediate values (each report asks the pruner), learn
/// whether to stop, observe cancellation, and know how many threads the trial may use. When the pruner stops the
/// trial, <see cref="Report"/> returns true and <see cref="CancellationToken"/> is cancelled, so a training loop
/// that honours the token stops mid-epoch; the trial is recorded as pruned however the objective then exits.
/// </summary>
public sealed class TrialContext
{
    private readonly Lock _lock = new();
    private readonly ITrialStore _store;
    private readonly TrialClaim _claim;
    private readonly IPruner _pruner;
    private readonly OptimizationDirection _direction;
    private readonly int? _maxTrials;
    private readonly CancellationTokenSource _cancellation;
    private readonly SortedDictionary<int, double> _intermediate = [];
    private readonly Dictionary<string, double> _systemAttributes = [];
    private readonly Dictionary<string, string> _userAttributes = [];
    private readonly Action _pause, _resume;
    private readonly TimeSpan _pollInterval;
    private readonly Func<bool> _noNewTrials;

    internal TrialContext(
        ITrialStore store, TrialClaim claim, TrialParameters parameters, IPruner pruner, OptimizationDirection direction,
        int? maxTrials, int maxThreads, CancellationToken runCancellation, Action pause, Action resume, TimeSpan pollInterval, Func<bool> noNewTrials)
    {
        _noNewTrials = noNewTrials;
        _store = store;
        _claim = claim;
        _pruner = pruner;
        _direction = direction;
        _maxTrials = maxTrials;
        _pause = pause;
        _resume = resume;
        _pollInterval = pollInterval;
        Parameters = parameters;
        MaxThreads = maxThreads;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(runCancellation);
    }

    /// <summary>The trial's number in the study.</summary>
    public int TrialNumber => _claim.Number;

    /// <summary>1 for a first run, more when the trial was re-queued after its worker died.</summary>
    public int Attempt => _claim.Attempt;

    /// <summary>The trial's configuration.</summary>
    public TrialParameters Parameters { get; }

    /// <summary>Threads this trial may use (pass it to the trainer's parallelism option).</summary>
    public int MaxThreads { get; }

    /// <summary>
    /// Options for Parallel.For/ForEach inside the trial: at most <see cref="MaxThreads"/> threads, cancelled with the
    /// trial (<c>Parallel.For(0, n, context.ParallelOptions, body)</c>).
    /// </summary>
    public ParallelOptions ParallelOptions => new() { MaxDegreeOfParallelism = MaxThreads, CancellationToken = CancellationToken };

    /// <summary>Cancelled when the pruner stops the trial, the run is cancelled, or the trial's claim was lost.</summary>
    public CancellationToken CancellationToken => _cancellation.Token;

    /// <summary>True once a pruner stopped the trial.</summary>
    public bool IsPruned { get; private set; }

    /// <summary>The step at which the trial was pruned.</summary>
    public int? PrunedAtStep { get; private set; }

    /// <summary>True when another worker took the trial over (this worker's heartbeats stopped counting); its result will be discarded.</summary>
    public bool ClaimLost { get; private set; }

    /// <summary>The intermediate values reported so far, by step.</summary>
    public IReadOnlyDictionary<int, double> IntermediateValues
    {
        get
        {
            lock (_lock)
                return new SortedDictionary<int, double>(_intermediate);
        }
    }

    internal IReadOnlyDictionary<string, string> UserAttributes => _userAttributes;

    /// <summary>
    /// Records <paramref name="value"/> at <paramref name="step"/> (e.g. the validation metric after an epoch) and asks
    /// the pruner; returns true when the trial should stop. Under synchronous successive halving the call may block
    /// until the trial's rung is complete, with the trial's parallelism slot lent to another trial meanwhile.
    /// </summary>
    public bool Report(int step, double value)
    {
        if (step < 0)
            throw new ArgumentOutOfRangeException(nameof(step), step, $"Trial {TrialNumber}: steps must be ≥ 0, got {step}.");
        lock (_lock)
        {
            if (IsPruned || ClaimLost)
                return true;
            if (!_store.ReportIntermediate(_claim, step, value))
            {
                LoseClaim();
                return true;
            }
            _intermediate[step] = value;
            var decision = Decide();
            if (decision == PruneDecision.Wait)
                decision = WaitForDecision();
            if (decision != PruneDecision.Prune)
                return ClaimLost;
            IsPruned = true;
            PrunedAtStep = step;
        }
        _cancellation.Cancel();
        return true;
    }

    /// <summary>
    /// Tells the pruner that the training loop detected a plateau at <paramref name="step"/> (e.g. ReduceLROnPlateau
    /// fired); <see cref="PlateauPruner"/> then judges the trial at once instead of waiting for its own patience.
    /// </summary>
    public void ReportPlateau(int step)
    {
        lock (_lock)
        {
            if (IsPruned || ClaimLost)
                return;
            SetSystemAttribute(PlateauPruner.PlateauAttribute, step);
        }
    }

    /// <summary>Throws <see cref="TrialPrunedException"/> when the trial was pruned.</summary>
    public void ThrowIfPruned()
    {
        if (IsPruned)
            throw new TrialPrunedException(TrialNumber, PrunedAtStep ?? -1);
    }

    /// <summary>Stores a free-form attribute with the trial.</summary>
    public void SetUserAttribute(string key, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        lock (_lock)
            _userAttributes[key] = value ?? "";
    }

    /// <summary>
    /// An <see cref="IProgress{T}"/> for a trainer's per-epoch reports: each report is passed to <see cref="Report"/>
    /// with the step and value extracted from it; a prune decision cancels <see cref="CancellationToken"/>, which
    /// the trainer observes. Reports are handled synchronously on the reporting thread.
    /// </summary>
    public IProgress<T> CreateProgress<T>(Func<T, int> step, Func<T, double> value)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(value);
        return new ReportingProgress<T>(this, step, value);
    }

    internal void LoseClaim()
    {
        ClaimLost = true;
        try
        {
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    internal void Dispose() => _cancellation.Dispose();

    private void SetSystemAttribute(string key, double value)
    {
        if (!_store.SetSystemAttribute(_claim, key, value))
        {
            LoseClaim();
            return;
        }
        _systemAttributes[key] = value;
    }

    private PruneDecision Decide()
    {
        var self = new TrialRecord(TrialNumber, TrialState.Running, Parameters.InternalValues, null, _intermediate, null, null, _systemAttributes)
        {
            Attempt = Attempt,
        };
        var context = new PrunerContext(self, _direction, () => _store.GetTrials(_claim.StudyId), SetSystemAttribute, _maxTrials, _noNewTrials);
        return _pruner.Decide(context);
    }

    // Synchronous successive halving: give the slot away, poll the study until the rung can be judged, take a slot back.
    private PruneDecision WaitForDecision()
    {
        _pause();
        try
        {
            var delay = _pollInterval;
            while (true)
            {
                if (CancellationToken.WaitHandle.WaitOne(delay))
                    CancellationToken.ThrowIfCancellationRequested();
                var decision = Decide();
                if (decision != PruneDecision.Wait || ClaimLost)
                    return decision;
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
            }
        }
        finally
        {
            _resume();
        }
    }

    private sealed class ReportingProgress<T>(TrialContext context, Func<T, int> step, Func<T, double> value) : IProgress<T>
    {
        public void Report(T report) => context.Report(step(report), value(report));
    }
}
