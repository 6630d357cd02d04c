using PipelineExtensions.Options;

namespace PipelineExtensions.Training;

/// <summary>
/// Keras' <c>ExponentialDecay</c>: <c>lr(t) = initial · rate^(t / decaySteps)</c>, or with
/// <see cref="Staircase"/> <c>initial · rate^⌊t / decaySteps⌋</c> (the rate drops in discrete steps).
/// </summary>
/// <remarks>
/// Keras evaluates the formula in float32 tensors; by default this class evaluates it in float64, which is
/// the exact mathematical value rounded once. Set <see cref="Float32"/> to reproduce Keras' float32
/// arithmetic bit for bit (<c>float(initial) · powf(float(rate), float(t) / float(decaySteps))</c>).
/// For PyTorch's <c>ExponentialLR(gamma)</c> use <see cref="StepDecay"/> with a step size of 1: PyTorch
/// multiplies the previous rate by γ at every step, which rounds differently from the power here.
/// </remarks>
/// <example>
/// <code>
/// var schedule = new ExponentialDecay(initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.96) { Staircase = true };
/// double lr = schedule.LearningRateAt(25);   // 0.1 · 0.96² = 0.09216
/// </code>
/// </example>
public sealed class ExponentialDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">The rate at step 0; positive.</param>
    /// <param name="decaySteps">Steps over which the rate is multiplied by <paramref name="decayRate"/> once; positive.</param>
    /// <param name="decayRate">The multiplier per <paramref name="decaySteps"/> steps; positive (below 1 decays, above 1 grows).</param>
    public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate)
    {
        InitialLearningRate = Check.Positive(initialLearningRate);
        if (decaySteps <= 0)
            throw new ArgumentOutOfRangeException(nameof(decaySteps), decaySteps, $"decaySteps must be positive, got {decaySteps}.");
        DecaySteps = decaySteps;
        DecayRate = Check.Positive(decayRate);
    }

    /// <summary>The rate at step 0.</summary>
    public double InitialLearningRate { get; }

    /// <summary>Steps per application of <see cref="DecayRate"/>.</summary>
    public long DecaySteps { get; }

    /// <summary>The multiplier applied every <see cref="DecaySteps"/> steps.</summary>
    public double DecayRate { get; }

    /// <summary>When true the exponent is <c>⌊t / decaySteps⌋</c> (Keras' <c>staircase=True</c>). Default false.</summary>
    public bool Staircase { get; init; }

    /// <summary>When true the formula is evaluated in float32 exactly as Keras does. Default false (float64).</summary>
    public bool Float32 { get; init; }

    /// <inheritdoc />
    public override double LearningRateAt(long step)
    {
        CheckStep(step);
        if (Float32)
        {
            float p = (float)step / (float)DecaySteps;
            if (Staircase)
                p = MathF.Floor(p);
            return (float)InitialLearningRate * MathF.Pow((float)DecayRate, p);
        }
        double exponent = Staircase ? Math.Floor((double)step / DecaySteps) : (double)step / DecaySteps;
        return InitialLearningRate * Math.Pow(DecayRate, exponent);
    }
}
