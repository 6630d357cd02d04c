using PipelineExtensions.Options;

namespace PipelineExtensions.Training;

/// <summary>
/// PyTorch's <c>StepLR</c>: the rate is multiplied by <see cref="Gamma"/> every <see cref="StepSize"/> steps,
/// <c>lr(t) = initial · γ^⌊t / stepSize⌋</c>. With a step size of 1 this is PyTorch's <c>ExponentialLR(γ)</c>.
/// </summary>
/// <remarks>
/// Computed in PyTorch's chainable form — the previous rate times γ, one multiplication per drop — so the
/// values equal PyTorch's bit for bit (a closed-form power can differ in the last bit).
/// </remarks>
/// <example>
/// <code>
/// var stepLr = new StepDecay(initialLearningRate: 0.1, stepSize: 3, gamma: 0.5);   // 0.1, 0.1, 0.1, 0.05, ...
/// var expLr = new StepDecay(initialLearningRate: 0.1, stepSize: 1, gamma: 0.96);   // PyTorch ExponentialLR
/// </code>
/// </example>
public sealed class StepDecay : LearningRateSchedule
{
    private long _cachedDrops;
    private double _cachedRate;

    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">The rate at step 0; positive.</param>
    /// <param name="stepSize">Steps between drops; positive.</param>
    /// <param name="gamma">Multiplier at each drop; positive (default in PyTorch: 0.1).</param>
    public StepDecay(double initialLearningRate, long stepSize, double gamma = 0.1)
    {
        InitialLearningRate = Check.Positive(initialLearningRate);
        if (stepSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, $"stepSize must be positive, got {stepSize}.");
        StepSize = stepSize;
        Gamma = Check.Positive(gamma);
        _cachedRate = InitialLearningRate;
    }

    /// <summary>The rate at step 0.</summary>
    public double InitialLearningRate { get; }

    /// <summary>Steps between drops.</summary>
    public long StepSize { get; }

    /// <summary>The multiplier at each drop.</summary>
    public double Gamma { get; }

    /// <inheritdoc />
    public override double LearningRateAt(long step)
    {
        CheckStep(step);
        long drops = step / StepSize;
        if (drops < _cachedDrops)
        {
            _cachedDrops = 0;
            _cachedRate = InitialLearningRate;
        }
        // Sequential use (the common case) costs one multiplication per drop overall.
        for (; _cachedDrops < drops; _cachedDrops++)
            _cachedRate *= Gamma;
        return _cachedRate;
    }
}
