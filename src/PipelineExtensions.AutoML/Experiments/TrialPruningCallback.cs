using System.Globalization;
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
/// </summary>
public sealed class TrialPruningCallback : TrainingCallback
{
    private readonly TrialContext _trial;
    private readonly string _metric;
    private int _eventsSeen;

    /// <summary>Creates the callback for <paramref name="trial"/>, reporting <paramref name="metric"/> (a <see cref="MetricNames"/> name).</summary>
    public TrialPruningCallback(TrialContext trial, string metric = MetricNames.ValidationLoss)
    {
        _trial = trial ?? throw new ArgumentNullException(nameof(trial));
        _metric = string.IsNullOrWhiteSpace(metric) ? throw new ArgumentException("The reported metric needs a name (e.g. \"val_accuracy\").", nameof(metric)) : metric;
    }

    /// <summary>The metric reported to the trial.</summary>
    public string Metric => _metric;

    /// <inheritdoc />
    public override void OnTrainBegin(TrainingContext context) => _eventsSeen = context.History.Events.Count;

    /// <inheritdoc />
    public override void OnEpochEnd(TrainingContext context, EpochReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        double value = report.GetMetric(_metric);
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
