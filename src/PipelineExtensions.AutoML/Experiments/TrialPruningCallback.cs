using System.Globalization;
using PipelineExtensions.Options;
using PipelineExtensions.Training;

namespace PipelineExtensions.AutoML.Experiments;

/// <summary>
/// Connects a trainer's epoch loop to a running trial: after each epoch it reports the chosen metric of the
/// <see cref="EpochReport"/> to the trial (so the pruner judges it), tells the plateau pruner when
/// ReduceLROnPlateau cut the learning rate (the loop's own plateau detection), and stops training at the end of
/// the epoch when the trial is pruned — a clean stop through <see cref="TrainingContext.StopTraining"/>, without
/// an exception. Add it to the trainer options' callbacks in the pipeline factory, together with the trial's
/// thread budget and cancellation token:
/// <code>
/// options.Callbacks.Add(new TrialPruningCallback(trial, MetricNames.ValidationAccuracy));
/// options.Threads = trial.MaxThreads;
/// options.CancellationToken = trial.CancellationToken;
/// </code>
/// With a <c>window</c> above 1 it reports the mean of the metric over the last epochs
/// (<see cref="HistoryObjective.TrailingMean(TrainingHistory, string, int)"/>), for noisy validation sets; the
/// evaluator should then return the same trailing mean, so the pruner and the sweep rank trials by one number.
/// </summary>
public sealed class TrialPruningCallback : TrainingCallback
{
    private readonly TrialContext _trial;
    private readonly string _metric;
    private readonly int _window;
    private int _eventsSeen;

    /// <summary>Creates the callback for <paramref name="trial"/>, reporting <paramref name="metric"/> (a <see cref="MetricNames"/> name).</summary>
    public TrialPruningCallback(TrialContext trial, string metric = MetricNames.ValidationLoss)
        : this(trial, metric, window: 1)
    {
    }

    /// <summary>
    /// Creates the callback for <paramref name="trial"/>, reporting after each epoch the mean of <paramref name="metric"/>
    /// over the last min(<paramref name="window"/>, epochs so far) epochs (1: the epoch's own value).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> is below 1.</exception>
    public TrialPruningCallback(TrialContext trial, string metric, int window)
    {
        _trial = trial ?? throw new ArgumentNullException(nameof(trial));
        _metric = string.IsNullOrWhiteSpace(metric) ? throw new ArgumentException("The reported metric needs a name (e.g. \"val_accuracy\").", nameof(metric)) : metric;
        _window = Check.Positive(window);
    }

    /// <summary>The metric reported to the trial.</summary>
    public string Metric => _metric;

    /// <summary>How many of the latest epochs the reported value averages (1: the epoch's own value).</summary>
    public int Window => _window;

    /// <inheritdoc />
    public override void OnTrainBegin(TrainingContext context) => _eventsSeen = context.History.Events.Count;

    /// <inheritdoc />
    public override void OnEpochEnd(TrainingContext context, EpochReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        // The loop adds the report to the history before the callbacks run, so the window ends at this epoch.
        double value = _window == 1 ? report.GetMetric(_metric) : HistoryObjective.TrailingMean(context.History, _metric, _window);
        // Plateau cuts recorded since the last epoch end (before or after this callback in the list).
        var events = context.History.Events;
        for (int i = _eventsSeen; i < events.Count; i++)
            if (events[i].Kind == TrainingEventKind.LearningRateChanged && events[i].Source == nameof(ReduceLROnPlateau))
                _trial.ReportPlateau(report.Epoch);
        _eventsSeen = events.Count;
        if (_trial.Report(report.Epoch, value) && _trial.IsPruned)
            context.StopTraining(StopReason.Requested, Name,
                string.Create(CultureInfo.InvariantCulture, $"trial {_trial.TrialNumber} pruned by the sweep after epoch {report.Epoch + 1} ({_metric} = {value:G4})"));
    }
}
