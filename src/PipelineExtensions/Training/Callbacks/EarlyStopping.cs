using System.Globalization;
using PipelineExtensions.Options;

namespace PipelineExtensions.Training;

/// <summary>
/// Stops training when the monitored metric has stopped improving, with Keras 3's semantics
/// (<c>keras.callbacks.EarlyStopping</c>).
/// </summary>
/// <remarks>
/// <para>At each epoch end from <see cref="StartFromEpoch"/> on: <c>wait += 1</c>; if the value improves on the
/// best by more than <see cref="MinDelta"/> (see <see cref="MonitorCallback.IsImprovement"/>) it becomes the best,
/// its epoch the best epoch, and <c>wait</c> returns to 0 — but only when it also beats <see cref="Baseline"/>, if
/// one is set; an improving epoch never stops training. Otherwise, when <c>wait ≥ patience</c> (and it is not
/// the first epoch) training stops after this epoch.</para>
/// <para>The best epoch is the last one that improved by more than <see cref="MinDelta"/>, which is not
/// necessarily the arg-min of the metric. With <see cref="RestoreBestWeights"/> the weights of the best epoch are
/// restored when training ends — whenever it ends, even when all epochs ran (Keras 3; Keras 2 restored only on an
/// early stop). If no epoch was ever monitored, nothing is restored.</para>
/// <para>The comparison is made in float64 on the values the loop reports. Keras compares float32 metric
/// values; when an epoch improves by exactly <see cref="MinDelta"/> the two can differ.</para>
/// </remarks>
/// <example>
/// <code>
/// var stop = new EarlyStopping { Monitor = "val_loss", Patience = 5, MinDelta = 1e-3, RestoreBestWeights = true };
/// </code>
/// </example>
public sealed class EarlyStopping : MonitorCallback
{
    private IModelSnapshot? _bestWeights;

    /// <summary>Minimum absolute change that counts as an improvement (≥ 0). Default 0.</summary>
    public double MinDelta { get; init => field = Check.NonNegative(value); }

    /// <summary>Epochs without improvement after which training stops (≥ 0). Default 0.</summary>
    public int Patience { get; init => field = Check.NonNegative(value); }

    /// <summary>A value the metric must beat for <c>wait</c> to reset; null (default) for none.</summary>
    public double? Baseline { get; init; }

    /// <summary>Restore the best epoch's weights at the end of training. Default false.</summary>
    public bool RestoreBestWeights { get; init; }

    /// <summary>Epochs to ignore before monitoring starts (a warm-up). Default 0.</summary>
    public int StartFromEpoch { get; init => field = Check.NonNegative(value); }

    /// <summary>Epochs counted since the last improvement.</summary>
    public int Wait { get; private set; }

    /// <summary>The best value seen (±∞ before the first monitored epoch).</summary>
    public double Best { get; private set; }

    /// <summary>The epoch of <see cref="Best"/> (0-based).</summary>
    public int BestEpoch { get; private set; }

    /// <summary>The epoch after which this callback stopped training, or null.</summary>
    public int? StoppedEpoch { get; private set; }

    /// <inheritdoc />
    public override void OnTrainBegin(TrainingContext context)
    {
        base.OnTrainBegin(context);
        Wait = 0;
        StoppedEpoch = null;
        BestEpoch = 0;
        Best = WorstValue;
        _bestWeights = null;
    }

    /// <inheritdoc />
    public override void OnEpochEnd(TrainingContext context, EpochReport report)
    {
        int epoch = report.Epoch;
        if (epoch < StartFromEpoch)
            return;
        double current = report.GetMetric(Monitor);
        if (RestoreBestWeights && _bestWeights is null)
        {
            // Until something improves, the first monitored epoch's weights are the best there are.
            _bestWeights = context.Model.CaptureSnapshot(SnapshotScope.Weights);
            BestEpoch = epoch;
        }
        Wait++;
        if (IsImprovement(current, Best, MinDelta))
        {
            double previous = Best;
            Best = current;
            BestEpoch = epoch;
            if (RestoreBestWeights)
                _bestWeights = context.Model.CaptureSnapshot(SnapshotScope.Weights);
            context.RecordEvent(TrainingEventKind.BestEpoch, Name,
                string.Create(CultureInfo.InvariantCulture, $"{Monitor} improved to {current:G6}"), double.IsInfinity(previous) ? null : previous, current);
            if (Baseline is not { } baseline || IsImprovement(current, baseline, MinDelta))
                Wait = 0;
            return;
        }
        if (Wait >= Patience && epoch > 0)
        {
            StoppedEpoch = epoch;
            context.StopTraining(StopReason.EarlyStopping, Name, string.Create(CultureInfo.InvariantCulture,
                $"{Monitor} did not improve by more than {MinDelta:G6} for {Wait} epochs (best {Best:G6} at epoch {BestEpoch + 1})"));
        }
    }

    /// <inheritdoc />
    public override void OnTrainEnd(TrainingContext context)
    {
        if (RestoreBestWeights && _bestWeights is not null)
            context.RestoreWeights(_bestWeights, BestEpoch, Name, string.Create(CultureInfo.InvariantCulture, $"best {Monitor} {Best:G6}"));
    }

    /// <inheritdoc />
    public override void SaveState(CallbackState state)
    {
        state.Set("wait", Wait);
        state.Set("best", Best);
        state.Set("best_epoch", BestEpoch);
        state.Set("stopped_epoch", StoppedEpoch ?? -1);
        state.SetSnapshot("best_weights", _bestWeights);
    }

    /// <inheritdoc />
    public override void LoadState(CallbackState state)
    {
        Wait = state.GetInt32("wait");
        Best = state.GetDouble("best");
        BestEpoch = state.GetInt32("best_epoch");
        int stopped = state.GetInt32("stopped_epoch");
        StoppedEpoch = stopped < 0 ? null : stopped;
        _bestWeights = state.GetSnapshot("best_weights");
    }
}
