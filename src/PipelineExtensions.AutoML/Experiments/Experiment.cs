using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PipelineExtensions.AutoML.Pruners;
using PipelineExtensions.AutoML.SearchSpaces;
using PipelineExtensions.AutoML.Storage;
using PipelineExtensions.AutoML.Trials;
using PipelineExtensions.AutoML.Tuners;
using PipelineExtensions.AutoML.Tuners.Tpe;

namespace PipelineExtensions.AutoML.Experiments;

/// <summary>
/// A hyperparameter sweep: repeatedly claims a trial from the study's store, has the tuner propose its
/// configuration, runs the objective (reports go to the pruner), and records the outcome — with
/// <see cref="ExperimentOptions.DegreeOfParallelism"/> trials at a time, until a budget is spent. Several
/// processes may run an experiment on the same study (same store, same <see cref="ExperimentOptions.StudyName"/>):
/// they share the budgets, pick up each other's orphaned trials, and each completed trial is recorded once.
/// Running an experiment again on an existing study resumes it.
/// </summary>
/// <example>
/// <code>
/// var space = new SearchSpace().AddFloat("x", -10, 10);
/// var experiment = new Experiment(space, (p, ctx) => Math.Pow(p.GetDouble("x") - 2, 2),
///     new ExperimentOptions { MaxTrials = 50, Tuner = new TpeTuner(seed: 1) });
/// var result = experiment.Run();
/// Console.WriteLine(result.BestTrial);
/// </code>
/// </example>
public sealed class Experiment
{
    private readonly SearchSpace _space;
    private readonly Objective _objective;
    private readonly ExperimentOptions _options;
    private readonly ILogger _logger;
    private readonly ITuner _tuner;
    private readonly IPruner _pruner;
    private readonly Lock _tunerLock = new();
    private StudyInfo? _study;

    /// <summary>Creates an experiment; nothing runs until <see cref="Run"/>.</summary>
    /// <param name="space">The search space.</param>
    /// <param name="objective">Trains and evaluates one configuration.</param>
    /// <param name="options">Budgets, tuner, pruner, store, parallelism; defaults when null.</param>
    /// <param name="logger">Where trial starts, ends and failures are logged.</param>
    public Experiment(SearchSpace space, Objective objective, ExperimentOptions? options = null, ILogger? logger = null)
    {
        _space = space ?? throw new ArgumentNullException(nameof(space));
        _objective = objective ?? throw new ArgumentNullException(nameof(objective));
        if (space.Count == 0)
            throw new ArgumentException("The search space is empty; add at least one parameter.", nameof(space));
        _options = options ?? new ExperimentOptions();
        _logger = logger ?? NullLogger.Instance;
        _tuner = _options.Tuner ?? new TpeTuner();
        _pruner = _options.Pruner ?? new NoPruner();
        Store = _options.Store ?? new InMemoryTrialStore();
    }

    /// <summary>The store holding the study.</summary>
    public ITrialStore Store { get; }

    /// <summary>The search space.</summary>
    public SearchSpace Space => _space;

    /// <summary>The options.</summary>
    public ExperimentOptions Options => _options;

    /// <summary>The study (created or loaded on first use).</summary>
    public StudyInfo Study => _study ??= Store.CreateOrLoadStudy(_options.StudyName, _options.Direction, _space.ToJson());

    /// <summary>Queues a configuration to be tried before the tuner's proposals (Optuna's enqueue_trial); returns its trial number.</summary>
    public int Enqueue(IReadOnlyDictionary<string, object> values) =>
        Store.EnqueueTrial(Study.Id, TrialParameters.FromValues(_space, values).InternalValues);

    /// <summary>The study's trials so far, from the store.</summary>
    public ExperimentResult GetResult() => new(Study, _space, Store.GetTrials(Study.Id));

    /// <summary>Runs the experiment on a background thread; see <see cref="Run"/>.</summary>
    public Task<ExperimentResult> RunAsync(IProgress<TrialProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Task.Factory.StartNew(() => Run(progress, cancellationToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>
    /// Runs trials until a budget is spent (and, while other workers still run trials of the study, keeps polling
    /// for ones they orphan), then returns every trial of the study. Cancellation stops new trials, cancels running
    /// ones, gives them back to the queue so a later run redoes them, and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public ExperimentResult Run(IProgress<TrialProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var study = Study;
        int? maxTrials = _options.MaxTrials;
        if (_tuner is IFiniteTuner finite)
        {
            int count = (int)Math.Min(int.MaxValue, finite.ConfigurationCount(_space));
            maxTrials = Math.Min(maxTrials ?? count, count);
        }
        if (maxTrials is null && _options.MaxTotalSteps is null && _options.MaxDuration is null)
            throw new InvalidOperationException("The experiment has no budget: set ExperimentOptions.MaxTrials, MaxTotalSteps or MaxDuration (or use a grid tuner).");
        if (_options.DegreeOfParallelism * _options.ThreadsPerTrial > Environment.ProcessorCount)
            _logger.LogWarning("{Parallelism} parallel trials × {Threads} threads exceed the {Cores} processors; trials will compete for cores.",
                _options.DegreeOfParallelism, _options.ThreadsPerTrial, Environment.ProcessorCount);

        var run = new RunState(this, study, maxTrials, progress, cancellationToken);
        return run.Execute();
    }

    // One call of Run: the dispatcher, the heartbeat, and the trial threads.
    private sealed class RunState(Experiment owner, StudyInfo study, int? maxTrials, IProgress<TrialProgress>? progress, CancellationToken cancellationToken)
    {
        private readonly ExperimentOptions _o = owner._options;
        private readonly ITrialStore _store = owner.Store;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly ConcurrentDictionary<int, (TrialClaim Claim, TrialContext Context)> _running = new();
        private readonly List<Task> _trials = [];
        private readonly Lock _progressLock = new();
        private readonly string _worker = owner._options.WorkerName ?? $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
        private SemaphoreSlim _slots = null!;
        private CancellationTokenSource _cancel = null!;
        private volatile bool _noNewTrials;
        private Exception? _fatal;
        private int _finished;
        private (double Value, int Number)? _best;

        public ExperimentResult Execute()
        {
            using var slots = _slots = new SemaphoreSlim(_o.DegreeOfParallelism, _o.DegreeOfParallelism);
            using var cancel = _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using (var heartbeat = new Timer(_ => Beat(), null, _o.HeartbeatInterval, _o.HeartbeatInterval))
            {
                try
                {
                    Dispatch();
                }
                finally
                {
                    _noNewTrials = true;
                    Task.WaitAll([.. _trials]);
                }
            }
            cancellationToken.ThrowIfCancellationRequested();
            if (_fatal is not null)
                throw new InvalidOperationException($"Experiment '{study.Name}' stopped: a trial failed and ContinueOnTrialFailure is false. {_fatal.Message}", _fatal);
            return owner.GetResult();
        }

        private void Dispatch()
        {
            var limits = new ClaimLimits(maxTrials, _o.MaxTotalSteps);
            while (true)
            {
                try
                {
                    _slots.Wait(_cancel.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                if (_fatal is not null || (_o.MaxDuration is { } d && _clock.Elapsed >= d))
                {
                    _slots.Release();
                    return;
                }
                _store.RecoverStaleTrials(study.Id, _o.StaleAfter, _o.StaleTrialPolicy, _o.MaxAttempts);
                var claim = _store.ClaimTrial(study.Id, _worker, limits);
                if (claim is not null)
                {
                    _trials.Add(Task.Factory.StartNew(() => RunTrial(claim), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
                    continue;
                }
                _slots.Release();
                // The budget is spent: no new trial numbers will appear. Trials still running here or elsewhere may
                // come back to the queue (a worker died, a run was cancelled): stay until none is running or
                // re-queued. Queued trials that never started stay queued: the budget binds them too.
                _noNewTrials = true;
                if (!_store.GetTrials(study.Id).Any(t => t.State is TrialState.Running || (t.State is TrialState.Waiting && t.Attempt > 0)))
                    return;
                if (_cancel.Token.WaitHandle.WaitOne(_o.PollInterval))
                    return;
            }
        }

        private void RunTrial(TrialClaim claim)
        {
            TrialContext? context = null;
            try
            {
                var values = claim.Parameters ?? Sample(claim);
                if (values is null)
                    return; // the claim was lost before the trial began
                var parameters = new TrialParameters(owner._space, values);
                context = new TrialContext(_store, claim, parameters, owner._pruner, _o.Direction, maxTrials, _o.ThreadsPerTrial, _cancel.Token,
                    pause: () => _slots.Release(), resume: () => _slots.Wait(), _o.PollInterval, () => _noNewTrials);
                _running[claim.Number] = (claim, context);
                Report(TrialProgressKind.Started, claim.Number, TrialState.Running, null, parameters.ToString());
                owner._logger.LogDebug("Trial {Number} (attempt {Attempt}) started: {Parameters}", claim.Number, claim.Attempt, parameters);

                TrialOutcome? outcome = null;
                Exception? error = null;
                try
                {
                    outcome = Invoke(parameters, context);
                }
                catch (Exception e)
                {
                    error = e;
                }
                Finish(claim, context, parameters, outcome, error);
            }
            catch (Exception e)
            {
                // The store itself failed (e.g. the database went away): stop this run, keep the trial for recovery.
                owner._logger.LogError(e, "Trial {Number}: could not record its outcome.", claim.Number);
                _fatal ??= e;
                _cancel.Cancel();
            }
            finally
            {
                _running.TryRemove(claim.Number, out _);
                context?.Dispose();
                _slots.Release();
            }
        }

        private IReadOnlyDictionary<string, double>? Sample(TrialClaim claim)
        {
            IReadOnlyDictionary<string, double> values;
            lock (owner._tunerLock)
            {
                var history = _store.GetTrials(study.Id);
                values = owner._tuner.Suggest(new TunerContext(owner._space, claim.Number, history, _o.Direction));
            }
            if (owner._space.Validate(values) is { } problem)
                throw new InvalidOperationException($"Tuner '{owner._tuner.Name}' proposed an invalid configuration for trial {claim.Number}: {problem}.");
            return _store.SetParameters(claim, values) ? values : null;
        }

        private TrialOutcome Invoke(TrialParameters parameters, TrialContext context) =>
            owner._objective(parameters, context) ?? throw new InvalidOperationException($"The objective returned null for trial {context.TrialNumber}.");

        private void Finish(TrialClaim claim, TrialContext context, TrialParameters parameters, TrialOutcome? outcome, Exception? error)
        {
            if (context.ClaimLost)
            {
                owner._logger.LogWarning("Trial {Number}: another worker took it over (heartbeat lost); this result is discarded.", claim.Number);
                return;
            }
            if (error is OperationCanceledException && cancellationToken.IsCancellationRequested && !context.IsPruned)
            {
                _store.ReleaseTrial(claim); // cancelled run: the trial goes back to the queue for the next run
                return;
            }
            var user = new Dictionary<string, string>(context.UserAttributes);
            if (outcome is not null)
                foreach (var (k, v) in outcome.UserAttributes)
                    user[k] = v;
            TrialOutcomeRecord record;
            if (context.IsPruned)
            {
                record = new TrialOutcomeRecord(TrialState.Pruned, null, outcome?.Metrics, user);
            }
            else if (error is not null)
            {
                owner._logger.LogWarning(error, "Trial {Number} failed: {Message}", claim.Number, error.Message);
                record = new TrialOutcomeRecord(TrialState.Failed, null, null, user, $"{error.GetType().Name}: {error.Message}");
                if (!_o.ContinueOnTrialFailure)
                {
                    _fatal ??= error;
                    _cancel.Cancel();
                }
            }
            else
            {
                double? value = SelectValue(outcome!, out string? problem);
                record = value is { } v
                    ? new TrialOutcomeRecord(TrialState.Complete, v, outcome!.Metrics, user)
                    : new TrialOutcomeRecord(TrialState.Failed, null, outcome!.Metrics, user, problem);
            }
            if (!_store.FinishTrial(claim, record))
            {
                owner._logger.LogWarning("Trial {Number}: another worker took it over before it finished; this result is discarded.", claim.Number);
                return;
            }
            Report(TrialProgressKind.Finished, claim.Number, record.State, record.Value, parameters.ToString());
        }

        private double? SelectValue(TrialOutcome outcome, out string? problem)
        {
            problem = null;
            double? value = outcome.Value;
            if (_o.Metric is { } metric)
            {
                if (!outcome.Metrics.TryGetValue(metric, out double m))
                {
                    problem = $"The objective returned no metric '{metric}' (it returned: {string.Join(", ", outcome.Metrics.Keys)}).";
                    return null;
                }
                value = m;
            }
            if (value is not { } v)
            {
                problem = "The objective returned no value.";
                return null;
            }
            if (double.IsNaN(v))
            {
                problem = "The objective returned NaN.";
                return null;
            }
            return v;
        }

        private void Beat()
        {
            foreach (var (claim, context) in _running.Values)
            {
                try
                {
                    if (!_store.Heartbeat(claim))
                        context.LoseClaim();
                }
                catch (Exception e)
                {
                    // A missed beat is survivable: the next one may succeed before the trial turns stale.
                    owner._logger.LogWarning(e, "Heartbeat of trial {Number} failed.", claim.Number);
                }
            }
        }

        private void Report(TrialProgressKind kind, int number, TrialState state, double? value, string parameters)
        {
            lock (_progressLock)
            {
                if (kind == TrialProgressKind.Finished)
                {
                    _finished++;
                    if (state == TrialState.Complete && value is { } v && (_best is null || _o.Direction.IsBetter(v, _best.Value.Value)))
                        _best = (v, number);
                }
                progress?.Report(new TrialProgress(kind, number, state, value, parameters, _best?.Value, _best?.Number, _finished, maxTrials, _clock.Elapsed));
            }
        }
    }
}
