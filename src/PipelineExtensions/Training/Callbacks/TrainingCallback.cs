namespace PipelineExtensions.Training;

/// <summary>
/// A training policy plugged into the <see cref="TrainingLoop"/> (Keras' <c>Callback</c>): the loop calls the
/// hooks in the order the callbacks were given. Callbacks act through the <see cref="TrainingContext"/>
/// (change the learning rate, stop, restore weights, record events).
/// </summary>
/// <remarks>
/// A callback resets its state in <see cref="OnTrainBegin"/>, so one instance can serve several runs. A
/// callback with state that influences later decisions implements <see cref="SaveState"/> and
/// <see cref="LoadState"/>, so that a run resumed from a checkpoint decides exactly as an uninterrupted one.
/// </remarks>
public abstract class TrainingCallback
{
    /// <summary>The name recorded as the source of this callback's events (default: the class name).</summary>
    public virtual string Name => GetType().Name;

    /// <summary>Called once before the first epoch (before a checkpoint is restored).</summary>
    public virtual void OnTrainBegin(TrainingContext context)
    {
    }

    /// <summary>Called before each epoch's first batch (again when the epoch is restarted after a divergence).</summary>
    public virtual void OnEpochBegin(TrainingContext context)
    {
    }

    /// <summary>Called before each optimizer step.</summary>
    public virtual void OnBatchBegin(TrainingContext context, in TrainingBatch batch)
    {
    }

    /// <summary>Called after each optimizer step with the batch's mean loss.</summary>
    public virtual void OnBatchEnd(TrainingContext context, in TrainingBatch batch, double loss)
    {
    }

    /// <summary>Called after each epoch's evaluation with its report (already in the history).</summary>
    public virtual void OnEpochEnd(TrainingContext context, EpochReport report)
    {
    }

    /// <summary>Called once when training ends (after the last epoch, an early stop or a divergence stop; not on cancellation).</summary>
    public virtual void OnTrainEnd(TrainingContext context)
    {
    }

    /// <summary>Writes the state a resumed run needs into <paramref name="state"/>.</summary>
    public virtual void SaveState(CallbackState state)
    {
    }

    /// <summary>Restores the state written by <see cref="SaveState"/> (called after <see cref="OnTrainBegin"/>).</summary>
    public virtual void LoadState(CallbackState state)
    {
    }
}
