namespace PipelineExtensions.AutoML.Trials;

/// <summary>
/// A trial as a trial store keeps it: its number in the study, state, parameters (internal values, see
/// <see cref="SearchSpaces.ParameterDistribution"/>), final value, the intermediate values reported per step,
/// attributes, and the bookkeeping of the worker that claimed it. Snapshots are immutable.
/// </summary>
public sealed class TrialRecord
{
    /// <summary>Creates a snapshot (stores build these; tests may too).</summary>
    public TrialRecord(
        int number,
        TrialState state,
        IReadOnlyDictionary<string, double>? parameters,
        double? value = null,
        IReadOnlyDictionary<int, double>? intermediateValues = null,
        IReadOnlyDictionary<string, double>? metrics = null,
        IReadOnlyDictionary<string, string>? userAttributes = null,
        IReadOnlyDictionary<string, double>? systemAttributes = null)
    {
        Number = number;
        State = state;
        Parameters = parameters;
        Value = value;
        IntermediateValues = intermediateValues is null ? Empty : new SortedDictionary<int, double>(intermediateValues.ToDictionary());
        Metrics = metrics ?? new Dictionary<string, double>();
        UserAttributes = userAttributes ?? new Dictionary<string, string>();
        SystemAttributes = systemAttributes ?? new Dictionary<string, double>();
    }

    private static readonly IReadOnlyDictionary<int, double> Empty = new SortedDictionary<int, double>();

    /// <summary>The trial's number in its study: 0, 1, 2, … in creation order, never reused.</summary>
    public int Number { get; }

    /// <summary>The state.</summary>
    public TrialState State { get; }

    /// <summary>The parameters (internal values), or null while a claimed trial has not been sampled yet.</summary>
    public IReadOnlyDictionary<string, double>? Parameters { get; }

    /// <summary>The final objective value (complete trials only).</summary>
    public double? Value { get; }

    /// <summary>Intermediate values reported by step (epoch), sorted by step; NaN where NaN was reported.</summary>
    public IReadOnlyDictionary<int, double> IntermediateValues { get; }

    /// <summary>Extra metrics the objective returned (e.g. "accuracy", "balanced_accuracy").</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; }

    /// <summary>Free-form attributes the objective set.</summary>
    public IReadOnlyDictionary<string, string> UserAttributes { get; }

    /// <summary>Attributes kept by pruners (e.g. the value at which a successive-halving rung was completed).</summary>
    public IReadOnlyDictionary<string, double> SystemAttributes { get; }

    /// <summary>Which worker holds (or last held) the trial.</summary>
    public string? Worker { get; init; }

    /// <summary>How many times the trial has been claimed (re-queued trials count each claim).</summary>
    public int Attempt { get; init; }

    /// <summary>When the current or last attempt started (store clock, UTC).</summary>
    public DateTimeOffset? Started { get; init; }

    /// <summary>When the trial finished (store clock, UTC).</summary>
    public DateTimeOffset? Finished { get; init; }

    /// <summary>The last heartbeat of a running trial (store clock, UTC).</summary>
    public DateTimeOffset? Heartbeat { get; init; }

    /// <summary>Why the trial failed (exception message, or the lost heartbeat).</summary>
    public string? Error { get; init; }

    /// <summary>The largest step with an intermediate value, or null.</summary>
    public int? LastStep => IntermediateValues.Count == 0 ? null : IntermediateValues.Keys.Last();

    /// <summary>True for complete, pruned and failed trials.</summary>
    public bool IsFinished => State is TrialState.Complete or TrialState.Pruned or TrialState.Failed;

    /// <summary>Wall time of the last attempt, when known.</summary>
    public TimeSpan? Duration => Started is { } s && Finished is { } f ? f - s : null;

    /// <inheritdoc />
    public override string ToString() => $"Trial {Number} [{State}] value={Value?.ToString("G6", System.Globalization.CultureInfo.InvariantCulture) ?? "-"}";
}
