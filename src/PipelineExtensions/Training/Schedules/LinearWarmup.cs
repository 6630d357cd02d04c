using PipelineExtensions.Options;

namespace PipelineExtensions.Training;

/// <summary>
/// Linear warm-up in front of another schedule: for <c>t &lt; W</c> the rate rises linearly from
/// <see cref="StartLearningRate"/> to the inner schedule's initial rate, <c>start + (t/W)·(target − start)</c>;
/// from step <c>W</c> on it is the inner schedule shifted by <c>W</c> steps, <c>inner(t − W)</c>. This is
/// Keras 3's <c>warmup_steps</c> / <c>warmup_target</c> behaviour of <c>CosineDecay</c>, for any schedule.
/// </summary>
/// <example>
/// <code>
/// var schedule = new LinearWarmup(new CosineDecay(0.1, decaySteps: 1000), warmupSteps: 100);
/// </code>
/// </example>
public sealed class LinearWarmup : LearningRateSchedule
{
    /// <summary>Creates the wrapper.</summary>
    /// <param name="inner">The schedule that follows the warm-up.</param>
    /// <param name="warmupSteps">Length of the warm-up; positive.</param>
    /// <param name="startLearningRate">The rate at step 0; non-negative (default 0).</param>
    public LinearWarmup(LearningRateSchedule inner, long warmupSteps, double startLearningRate = 0)
    {
        Inner = inner ?? throw new ArgumentNullException(nameof(inner));
        if (warmupSteps <= 0)
            throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, $"warmupSteps must be positive, got {warmupSteps}.");
        WarmupSteps = warmupSteps;
        StartLearningRate = Check.NonNegative(startLearningRate);
    }

    /// <summary>The schedule after the warm-up.</summary>
    public LearningRateSchedule Inner { get; }

    /// <summary>Length of the warm-up in steps.</summary>
    public long WarmupSteps { get; }

    /// <summary>The rate at step 0.</summary>
    public double StartLearningRate { get; }

    /// <inheritdoc />
    public override long? DefinedSteps => Inner.DefinedSteps is { } n ? n + WarmupSteps : null;

    /// <inheritdoc />
    public override double LearningRateAt(long step)
    {
        CheckStep(step);
        if (step >= WarmupSteps)
            return Inner.LearningRateAt(step - WarmupSteps);
        double target = Inner.LearningRateAt(0);
        return (double)step / WarmupSteps * (target - StartLearningRate) + StartLearningRate;
    }

    /// <inheritdoc />
    public override double? MomentumAt(long step)
    {
        CheckStep(step);
        return Inner.MomentumAt(Math.Max(0, step - WarmupSteps));
    }
}
