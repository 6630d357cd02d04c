namespace PipelineExtensions.Training;

/// <summary>
/// Applies a <see cref="LearningRateSchedule"/> during training: per epoch (the rate of epoch e is
/// <c>schedule(e)</c>, set before its first batch — PyTorch's <c>scheduler.step()</c> once per epoch, Keras'
/// <c>LearningRateScheduler</c>) or per optimizer step (the rate of global step t is <c>schedule(t)</c> — PyTorch's
/// step after every batch, Keras' schedule passed to the optimizer). Schedules with momentum
/// (<see cref="OneCycle"/>) also set the model's momentum.
/// </summary>
/// <remarks>
/// Cuts made by <see cref="ReduceLROnPlateau"/> or <see cref="DivergenceGuard"/> multiply the schedule
/// (<see cref="TrainingContext.LearningRateScale"/>), so the schedule does not undo them.
/// </remarks>
/// <example>
/// <code>
/// var perEpoch = new LearningRateScheduler(new StepDecay(0.1, stepSize: 10, gamma: 0.5));
/// var perStep = new LearningRateScheduler(new OneCycle(0.01, totalSteps: epochs * stepsPerEpoch), ScheduleInterval.Step);
/// </code>
/// </example>
public sealed class LearningRateScheduler : TrainingCallback
{
    /// <summary>Creates the callback.</summary>
    public LearningRateScheduler(LearningRateSchedule schedule, ScheduleInterval interval = ScheduleInterval.Epoch)
    {
        Schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));
        Interval = interval;
    }

    /// <summary>The schedule.</summary>
    public LearningRateSchedule Schedule { get; }

    /// <summary>Whether a schedule step is an epoch or an optimizer step.</summary>
    public ScheduleInterval Interval { get; }

    /// <summary>Checks that the schedule covers the planned run and that the model can take a scheduled momentum.</summary>
    /// <exception cref="InvalidOperationException">The schedule is shorter than the run, or it cycles momentum and the model has none.</exception>
    public override void OnTrainBegin(TrainingContext context)
    {
        long planned = Interval == ScheduleInterval.Epoch ? context.Epochs : (long)context.Epochs * context.StepsPerEpoch;
        if (Schedule.DefinedSteps is { } defined && planned > defined)
            throw new InvalidOperationException(
                $"{Schedule.GetType().Name} is defined for {defined} {Unit}s but the run plans {planned} ({context.Epochs} epochs{(Interval == ScheduleInterval.Step ? $" × {context.StepsPerEpoch} steps" : "")}); make the schedule {planned} {Unit}s long.");
        if (Schedule.MomentumAt(0) is not null && context.Model is not IMomentumControl)
            throw new InvalidOperationException($"{Schedule.GetType().Name} cycles momentum but the model's optimizer has no momentum to set; disable momentum cycling (e.g. OneCycle.CycleMomentum = false).");
    }

    /// <inheritdoc />
    public override void OnEpochBegin(TrainingContext context)
    {
        if (Interval == ScheduleInterval.Epoch)
            Apply(context, context.Epoch);
    }

    /// <inheritdoc />
    public override void OnBatchBegin(TrainingContext context, in TrainingBatch batch)
    {
        if (Interval == ScheduleInterval.Step)
            Apply(context, batch.Step);
    }

    private string Unit => Interval == ScheduleInterval.Epoch ? "epoch" : "step";

    private void Apply(TrainingContext context, long step)
    {
        context.SetScheduledLearningRate(Schedule.LearningRateAt(step));
        if (Schedule.MomentumAt(step) is { } momentum && context.Model is IMomentumControl control)
            control.Momentum = momentum;
    }
}

/// <summary>What one step of a learning-rate schedule is.</summary>
public enum ScheduleInterval
{
    /// <summary>One epoch: the rate changes between epochs.</summary>
    Epoch,

    /// <summary>One optimizer step (batch): the rate changes between batches.</summary>
    Step,
}
