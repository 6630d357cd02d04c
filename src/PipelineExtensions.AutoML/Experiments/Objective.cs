using PipelineExtensions.AutoML.SearchSpaces;

namespace PipelineExtensions.AutoML.Experiments;

/// <summary>
/// The function a sweep optimises: trains and evaluates one configuration. Report intermediate values through
/// <paramref name="context"/> (<see cref="TrialContext.Report"/>, or <see cref="TrialContext.CreateProgress{T}"/> for a
/// trainer's <see cref="IProgress{T}"/>) so pruners can stop it early, honour
/// <see cref="TrialContext.CancellationToken"/>, and return the final value (a <see cref="double"/> converts
/// implicitly) with optional extra metrics.
/// </summary>
/// <param name="parameters">The trial's configuration.</param>
/// <param name="context">Reporting, pruning, cancellation and the trial's thread budget.</param>
public delegate TrialOutcome Objective(TrialParameters parameters, TrialContext context);

/// <summary>What an objective returns: the value to optimise, and optionally more metrics and attributes.</summary>
public sealed class TrialOutcome
{
    /// <summary>An outcome with a value.</summary>
    public TrialOutcome(double value) => Value = value;

    /// <summary>An outcome with metrics; the experiment's <see cref="ExperimentOptions.Metric"/> picks the value among them.</summary>
    public TrialOutcome(IReadOnlyDictionary<string, double> metrics, double? value = null)
    {
        Metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        Value = value;
    }

    /// <summary>The objective value (null when it is one of the <see cref="Metrics"/>).</summary>
    public double? Value { get; }

    /// <summary>Further metrics (e.g. "accuracy", "balanced_accuracy", "epochs").</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; } = new Dictionary<string, double>();

    /// <summary>Free-form attributes stored with the trial.</summary>
    public IDictionary<string, string> UserAttributes { get; } = new Dictionary<string, string>();

    /// <summary>A value-only outcome.</summary>
    public static implicit operator TrialOutcome(double value) => new(value);
}

/// <summary>Thrown by <see cref="TrialContext.ThrowIfPruned"/> to leave an objective that a pruner stopped.</summary>
public sealed class TrialPrunedException : OperationCanceledException
{
    /// <summary>Creates the exception for trial <paramref name="trialNumber"/> pruned at <paramref name="step"/>.</summary>
    public TrialPrunedException(int trialNumber, int step) : base($"Trial {trialNumber} was pruned at step {step}.")
    {
        TrialNumber = trialNumber;
        Step = step;
    }

    /// <summary>The pruned trial.</summary>
    public int TrialNumber { get; }

    /// <summary>The step at which it was pruned.</summary>
    public int Step { get; }
}
