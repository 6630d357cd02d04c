using System.Globalization;
using PipelineExtensions.Options;

namespace PipelineExtensions.Training;

/// <summary>
/// Watches for a diverging run — a NaN or infinite batch loss, a batch loss above <see cref="ExplosionFactor"/>
/// times the loss at the start of training, or non-finite parameters at the end of an epoch — and either
/// recovers (restores the state at the start of the epoch, weights and optimizer state, multiplies the learning
/// rate by <see cref="LearningRateFactor"/> and runs the epoch again) or stops training with a clear reason.
/// </summary>
/// <remarks>
/// The state is captured at the start of every epoch (a copy of weights and optimizer state). After
/// <see cref="MaxRecoveries"/> recoveries in one run, the next divergence stops training; the last good state is
/// then restored so the model is usable. The epoch that diverged gets no report; the history records
/// <see cref="TrainingEventKind.DivergenceDetected"/> and <see cref="TrainingEventKind.DivergenceRecovered"/> events.
/// </remarks>
/// <example>
/// <code>
/// var guard = new DivergenceGuard { LearningRateFactor = 0.1, MaxRecoveries = 3 };
/// </code>
/// </example>
public sealed class DivergenceGuard : TrainingCallback
{
    private IModelSnapshot? _lastGood;
    private bool _skipNextCapture;

    /// <summary>Recover (default) or stop.</summary>
    public DivergenceAction Action { get; init; } = DivergenceAction.Recover;

    /// <summary>
    /// A batch loss above this multiple of the first batch's loss counts as divergence (&gt; 1); null disables
    /// the test (non-finite losses are always caught). Default 10: a classifier's loss ten times that of its
    /// untrained start has left the region where it learns.
    /// </summary>
    public double? ExplosionFactor
    {
        get;
        init
        {
            if (value is { } v && !(v > 1 && double.IsFinite(v)))
                throw new ArgumentOutOfRangeException(nameof(ExplosionFactor), v, $"ExplosionFactor must be a finite number above 1 (or null), got {v}.");
            field = value;
        }
    } = 10;

    /// <summary>The learning rate is multiplied by this at each recovery, in (0, 1). Default 0.1.</summary>
    public double LearningRateFactor
    {
        get;
        init
        {
            if (!(value > 0 && value < 1))
                throw new ArgumentOutOfRangeException(nameof(LearningRateFactor), value, $"LearningRateFactor must be in (0, 1), got {value}.");
            field = value;
        }
    } = 0.1;

    /// <summary>Recoveries allowed in one run (≥ 0); the next divergence stops training. Default 3.</summary>
    public int MaxRecoveries { get; init => field = Check.NonNegative(value); } = 3;

    /// <summary>Also check that the parameters are finite after each epoch's last batch. Default true.</summary>
    public bool CheckParameters { get; init; } = true;

    /// <summary>Recoveries made so far in this run.</summary>
    public int Recoveries { get; private set; }

    /// <summary>The first batch's loss, the reference of the explosion test (NaN before the first batch).</summary>
    public double InitialLoss { get; private set; } = double.NaN;

    /// <inheritdoc />
    public override void OnTrainBegin(TrainingContext context)
    {
        Recoveries = 0;
        InitialLoss = double.NaN;
        _lastGood = null;
        _skipNextCapture = false;
    }

    /// <inheritdoc />
    public override void OnEpochBegin(TrainingContext context)
    {
        // After a recovery the model already holds _lastGood; copying it again would be wasted work.
        if (_skipNextCapture && _lastGood is not null)
        {
            _skipNextCapture = false;
            return;
        }
        _lastGood = context.Model.CaptureSnapshot(SnapshotScope.TrainingState);
    }

    /// <inheritdoc />
    public override void OnBatchEnd(TrainingContext context, in TrainingBatch batch, double loss)
    {
        var ci = CultureInfo.InvariantCulture;
        string? problem = null;
        if (!double.IsFinite(loss))
        {
            problem = string.Create(ci, $"the loss of batch {batch.Index + 1} is {loss}");
        }
        else if (double.IsNaN(InitialLoss))
        {
            InitialLoss = loss;
        }
        else if (ExplosionFactor is { } factor && InitialLoss > 0 && loss > factor * InitialLoss)
        {
            problem = string.Create(ci, $"the loss of batch {batch.Index + 1} is {loss:G6}, more than {factor:G4}× the initial {InitialLoss:G6}");
        }
        if (problem is null && CheckParameters && batch.Index == context.StepsPerEpoch - 1 && !context.Model.ParametersAreFinite())
            problem = "the parameters are no longer finite";
        if (problem is not null)
            Diverged(context, problem);
    }

    private void Diverged(TrainingContext context, string problem)
    {
        context.RecordEvent(TrainingEventKind.DivergenceDetected, Name, $"divergence in epoch {context.Epoch + 1}: {problem}");
        if (_lastGood is null)
            throw new InvalidOperationException("DivergenceGuard has no saved state; OnEpochBegin was not called.");
        context.Model.RestoreSnapshot(_lastGood);
        if (Action == DivergenceAction.Recover && Recoveries < MaxRecoveries)
        {
            Recoveries++;
            double old = context.Model.LearningRate;
            context.SetLearningRate(old * LearningRateFactor, Name, $"divergence recovery {Recoveries} of {MaxRecoveries}");
            context.RecordEvent(TrainingEventKind.DivergenceRecovered, Name, string.Create(CultureInfo.InvariantCulture,
                $"restored the state at the start of epoch {context.Epoch + 1} and cut the learning rate to {context.Model.LearningRate:G6}; the epoch runs again"),
                old, context.Model.LearningRate);
            _skipNextCapture = true;
            context.RestartEpoch(problem);
            return;
        }
        string why = Action == DivergenceAction.Stop ? "the guard is set to stop" : $"{MaxRecoveries} recoveries were used";
        context.StopTraining(StopReason.Diverged, Name,
            $"training diverged in epoch {context.Epoch + 1} ({problem}) and {why}; the state at the start of the epoch was restored", immediately: true);
    }

    /// <inheritdoc />
    public override void SaveState(CallbackState state)
    {
        state.Set("recoveries", Recoveries);
        state.Set("initial_loss", InitialLoss);
    }

    /// <inheritdoc />
    public override void LoadState(CallbackState state)
    {
        Recoveries = state.GetInt32("recoveries");
        InitialLoss = state.GetDouble("initial_loss");
    }
}

/// <summary>What <see cref="DivergenceGuard"/> does when training diverges.</summary>
public enum DivergenceAction
{
    /// <summary>Restore the last good state, cut the learning rate and run the epoch again.</summary>
    Recover,

    /// <summary>Restore the last good state and stop training.</summary>
    Stop,
}
