namespace PipelineExtensions.Training;

/// <summary>
/// A learning rate as a function of a step count, like Keras' <c>LearningRateSchedule</c>: the value for
/// step <c>t</c> is the learning rate after <c>t</c> scheduler steps (step 0 is the initial rate). Whether a
/// "step" is an optimizer step (a batch) or an epoch is decided by the <see cref="LearningRateScheduler"/>
/// callback that applies the schedule.
/// </summary>
/// <remarks>
/// Schedules are deterministic functions of the step. Where PyTorch computes a schedule recursively
/// ("chainable" form: the new rate is derived from the previous one), the subclass reproduces PyTorch's
/// arithmetic so that a ported recipe sees bit-identical rates; the docs of each subclass say which form it
/// follows. Instances are not thread-safe (recursive forms cache their last value).
/// </remarks>
public abstract class LearningRateSchedule
{
    /// <summary>The learning rate after <paramref name="step"/> steps (0 = the initial rate).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative, or past the end of a schedule with a fixed length.</exception>
    public abstract double LearningRateAt(long step);

    /// <summary>
    /// The momentum (SGD momentum or Adam's β₁) the schedule prescribes for <paramref name="step"/>, or null
    /// when the schedule does not cycle momentum (all but <see cref="OneCycle"/>).
    /// </summary>
    public virtual double? MomentumAt(long step) => null;

    /// <summary>
    /// The number of steps the schedule is defined for, or null when it is defined for every step. The
    /// scheduler callback checks the planned number of steps against it before training starts.
    /// </summary>
    public virtual long? DefinedSteps => null;

    /// <summary>Throws when <paramref name="step"/> is negative.</summary>
    protected static void CheckStep(long step)
    {
        if (step < 0)
            throw new ArgumentOutOfRangeException(nameof(step), step, "A schedule step must be non-negative.");
    }
}
