using PipelineExtensions.Options;

namespace PipelineExtensions.Training;

/// <summary>
/// The shared base of callbacks that watch one metric (Keras' <c>MonitorCallback</c>): which metric, in which
/// direction, and what counts as an improvement. Subclasses: <see cref="EarlyStopping"/>,
/// <see cref="ReduceLROnPlateau"/>.
/// </summary>
public abstract class MonitorCallback : TrainingCallback
{
    /// <summary>The metric watched (a <see cref="MetricNames"/> name). Default <c>"val_loss"</c>.</summary>
    public string Monitor { get; init => field = Check.NotEmpty(value); } = MetricNames.ValidationLoss;

    /// <summary>Whether lower or higher is better; <see cref="MonitorMode.Auto"/> (default) infers it from the metric's name.</summary>
    public MonitorMode Mode { get; init; } = MonitorMode.Auto;

    /// <summary>True when higher values of <see cref="Monitor"/> are better (resolved at the start of training).</summary>
    protected bool HigherIsBetter { get; set; }

    /// <summary>The worst possible value in the monitored direction (+∞ when minimising, −∞ when maximising).</summary>
    protected double WorstValue => HigherIsBetter ? double.NegativeInfinity : double.PositiveInfinity;

    /// <summary>Resolves the direction and checks that the monitored metric will exist.</summary>
    /// <exception cref="InvalidOperationException">The metric will not be reported (e.g. <c>val_loss</c> without a validation set).</exception>
    public override void OnTrainBegin(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        HigherIsBetter = ResolveHigherIsBetter(Monitor, Mode);
        var available = context.AvailableMetrics;
        if (!available.Contains(Monitor))
            throw new InvalidOperationException(
                $"{Name} monitors '{Monitor}', which this run does not report{(Monitor.StartsWith(MetricNames.ValidationPrefix, StringComparison.Ordinal) && !context.HasValidation ? " (there is no validation set)" : "")}. Available: {string.Join(", ", available)}.");
    }

    /// <summary>
    /// Keras 3's improvement test: <c>current − minDelta &gt; reference</c> when maximising and
    /// <c>current + minDelta &lt; reference</c> when minimising (the sign of <paramref name="minDelta"/> follows the
    /// direction). NaN is never an improvement.
    /// </summary>
    protected bool IsImprovement(double current, double reference, double minDelta) =>
        HigherIsBetter ? current - minDelta > reference : current - (-minDelta) < reference;

    /// <summary>The direction of <paramref name="metric"/> under <paramref name="mode"/>.</summary>
    /// <exception cref="ArgumentException">Auto mode and a metric whose direction the name does not tell.</exception>
    public static bool ResolveHigherIsBetter(string metric, MonitorMode mode) => mode switch
    {
        MonitorMode.Min => false,
        MonitorMode.Max => true,
        _ => MetricNames.HigherIsBetter(metric)
             ?? throw new ArgumentException($"Cannot tell whether '{metric}' should be minimised or maximised; set Mode to Min or Max.", nameof(metric)),
    };
}

/// <summary>Which direction of a monitored metric is better.</summary>
public enum MonitorMode
{
    /// <summary>Inferred from the name: losses are minimised; accuracy, F1, recall, precision and AUC maximised.</summary>
    Auto,

    /// <summary>Lower is better.</summary>
    Min,

    /// <summary>Higher is better.</summary>
    Max,
}
