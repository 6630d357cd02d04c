using PipelineExtensions.AutoML.Trials;

namespace PipelineExtensions.AutoML.Pruners;

/// <summary>
/// Decides, each time a trial reports an intermediate value, whether it should stop early (Optuna's pruner).
/// Implementations: <see cref="MedianPruner"/>, <see cref="PercentilePruner"/>, <see cref="AshaPruner"/>,
/// <see cref="SuccessiveHalvingPruner"/>, <see cref="PlateauPruner"/>, <see cref="NoPruner"/>. A pruner sees
/// the whole study (all workers' trials), so decisions agree across processes.
/// </summary>
public interface IPruner
{
    /// <summary>A short name for logs.</summary>
    string Name { get; }

    /// <summary>Continue, prune, or (synchronous successive halving only) wait for the other trials of the rung.</summary>
    PruneDecision Decide(PrunerContext context);
}

/// <summary>What a pruner decided about a trial at its latest step.</summary>
public enum PruneDecision
{
    /// <summary>Keep training.</summary>
    Continue,

    /// <summary>Stop the trial now; it is recorded as pruned.</summary>
    Prune,

    /// <summary>
    /// Not decidable yet: the trial pauses (releasing its parallelism slot) until the pruner can decide, asked
    /// again as the study changes.
    /// </summary>
    Wait,
}

/// <summary>What a pruner knows about the trial being judged and its study.</summary>
public sealed class PrunerContext
{
    private readonly Func<IReadOnlyList<TrialRecord>> _loadTrials;
    private readonly Action<string, double> _setAttribute;
    private readonly Dictionary<string, double> _attributes;
    private readonly Func<bool> _noNewTrials;
    private IReadOnlyList<TrialRecord>? _trials;

    /// <summary>Creates a context (the experiment does; tests may).</summary>
    /// <param name="trial">The trial, with every intermediate value reported so far.</param>
    /// <param name="direction">Whether smaller or larger values are better.</param>
    /// <param name="loadTrials">Loads the study's trials (called at most once, when a pruner asks).</param>
    /// <param name="setAttribute">Persists a system attribute of this trial.</param>
    /// <param name="maxTrials">The study-wide trial budget, if any (lets a pruner know which trials will never exist).</param>
    /// <param name="noNewTrials">True once this run will start no more trials (a time or step budget is spent).</param>
    public PrunerContext(TrialRecord trial, OptimizationDirection direction, Func<IReadOnlyList<TrialRecord>> loadTrials, Action<string, double>? setAttribute = null, int? maxTrials = null, Func<bool>? noNewTrials = null)
    {
        _noNewTrials = noNewTrials ?? (() => false);
        Trial = trial ?? throw new ArgumentNullException(nameof(trial));
        Direction = direction;
        _loadTrials = loadTrials ?? throw new ArgumentNullException(nameof(loadTrials));
        _setAttribute = setAttribute ?? ((_, _) => { });
        _attributes = new Dictionary<string, double>(trial.SystemAttributes);
        MaxTrials = maxTrials;
    }

    /// <summary>The trial being judged.</summary>
    public TrialRecord Trial { get; }

    /// <summary>The step of the latest intermediate value (null if none was reported).</summary>
    public int? Step => Trial.LastStep;

    /// <summary>The latest intermediate value.</summary>
    public double Value => Trial.LastStep is { } s ? Trial.IntermediateValues[s] : double.NaN;

    /// <summary>Whether smaller or larger values are better.</summary>
    public OptimizationDirection Direction { get; }

    /// <summary>The study-wide trial budget, if known.</summary>
    public int? MaxTrials { get; }

    /// <summary>True once the run starts no more trials, so trials not yet created never will be.</summary>
    public bool NoNewTrials => _noNewTrials();

    /// <summary>All trials of the study (loaded on first use; the judged trial appears with its stored state).</summary>
    public IReadOnlyList<TrialRecord> Trials => _trials ??= _loadTrials();

    /// <summary>The judged trial's system attributes, including those set during this decision.</summary>
    public IReadOnlyDictionary<string, double> SystemAttributes => _attributes;

    /// <summary>Sets (and persists) a system attribute of the judged trial.</summary>
    public void SetSystemAttribute(string key, double value)
    {
        _attributes[key] = value;
        _setAttribute(key, value);
    }
}
