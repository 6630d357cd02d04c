using PipelineExtensions.Options;

namespace PipelineExtensions.Training;

/// <summary>
/// Cosine annealing from <see cref="InitialLearningRate"/> down to <see cref="MinLearningRate"/> over
/// <see cref="DecaySteps"/> steps: <c>lr(t) = min + (initial − min) · (1 + cos(π·t/T)) / 2</c> (PyTorch's
/// <c>CosineAnnealingLR(T_max=T, eta_min=min)</c>, Keras' <c>CosineDecay</c> with <c>alpha = min/initial</c>).
/// Optionally with warm restarts (SGDR, PyTorch's <c>CosineAnnealingWarmRestarts</c>).
/// </summary>
/// <remarks>
/// <para>Without restarts the values follow PyTorch's recursive ("chainable") arithmetic, so they equal
/// PyTorch's bit for bit. What happens after <see cref="DecaySteps"/> is chosen by <see cref="AfterDecay"/>:
/// <see cref="CosineAfterDecay.Hold"/> (default, Keras) keeps the minimum; <see cref="CosineAfterDecay.Continue"/>
/// keeps following the cosine back up, as PyTorch's <c>CosineAnnealingLR</c> does.</para>
/// <para>With <see cref="WarmRestarts"/> the cosine restarts at the initial rate after each period; the first
/// period is <see cref="DecaySteps"/> and each next one is <see cref="PeriodMultiplier"/> times longer
/// (PyTorch's <c>T_0</c> and <c>T_mult</c>), computed in PyTorch's closed form.</para>
/// </remarks>
/// <example>
/// <code>
/// var cosine = new CosineDecay(initialLearningRate: 0.1, decaySteps: 10, minLearningRate: 1e-4);
/// var sgdr = new CosineDecay(0.1, decaySteps: 10) { WarmRestarts = true, PeriodMultiplier = 2 };  // periods 10, 20, 40, ...
/// </code>
/// </example>
public sealed class CosineDecay : LearningRateSchedule
{
    private long _cachedStep;
    private double _cachedRate;

    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">The rate at step 0; positive.</param>
    /// <param name="decaySteps">Steps of one cosine half-period (PyTorch's <c>T_max</c> or <c>T_0</c>); positive.</param>
    /// <param name="minLearningRate">The rate at the end of the decay (PyTorch's <c>eta_min</c>); 0 ≤ min ≤ initial.</param>
    public CosineDecay(double initialLearningRate, long decaySteps, double minLearningRate = 0)
    {
        InitialLearningRate = Check.Positive(initialLearningRate);
        if (decaySteps <= 0)
            throw new ArgumentOutOfRangeException(nameof(decaySteps), decaySteps, $"decaySteps must be positive, got {decaySteps}.");
        DecaySteps = decaySteps;
        MinLearningRate = Check.InRange(minLearningRate, 0, initialLearningRate);
        _cachedRate = InitialLearningRate;
    }

    /// <summary>The rate at step 0 (and after each warm restart).</summary>
    public double InitialLearningRate { get; }

    /// <summary>Steps from the initial to the minimum rate (the first period with warm restarts).</summary>
    public long DecaySteps { get; }

    /// <summary>The rate at the end of each decay.</summary>
    public double MinLearningRate { get; }

    /// <summary>What happens past <see cref="DecaySteps"/> without warm restarts. Default <see cref="CosineAfterDecay.Hold"/>.</summary>
    public CosineAfterDecay AfterDecay { get; init; } = CosineAfterDecay.Hold;

    /// <summary>Restart the cosine at the initial rate after each period (SGDR). Default false.</summary>
    public bool WarmRestarts { get; init; }

    /// <summary>With warm restarts, each period is this many times longer than the previous one (PyTorch's <c>T_mult</c>, ≥ 1). Default 1.</summary>
    public int PeriodMultiplier
    {
        get => _periodMultiplier;
        init => _periodMultiplier = Check.InRange(value, 1, 1 << 20);
    }

    private readonly int _periodMultiplier = 1;

    /// <inheritdoc />
    public override double LearningRateAt(long step)
    {
        CheckStep(step);
        if (WarmRestarts)
            return WithRestarts(step);
        if (AfterDecay == CosineAfterDecay.Hold && step > DecaySteps)
            step = DecaySteps;
        return Chainable(step);
    }

    // PyTorch CosineAnnealingWarmRestarts: T_cur counts steps within the current period of length T_i.
    private double WithRestarts(long step)
    {
        long period = DecaySteps, position = step;
        while (position >= period)
        {
            position -= period;
            period = checked(period * PeriodMultiplier);
        }
        return MinLearningRate + (InitialLearningRate - MinLearningRate) * (1 + Math.Cos(Math.PI * position / period)) / 2;
    }

    // PyTorch CosineAnnealingLR.get_lr, evaluated step by step from the last cached value.
    private double Chainable(long step)
    {
        if (step < _cachedStep)
        {
            _cachedStep = 0;
            _cachedRate = InitialLearningRate;
        }
        double t = DecaySteps, min = MinLearningRate;
        while (_cachedStep < step)
        {
            long e = ++_cachedStep;
            long phase = (e - 1 - DecaySteps) % (2 * DecaySteps);
            if (phase == 0)
                _cachedRate += (InitialLearningRate - min) * (1 - Math.Cos(Math.PI / t)) / 2;
            else
                _cachedRate = (1 + Math.Cos(Math.PI * e / t)) / (1 + Math.Cos(Math.PI * (e - 1) / t)) * (_cachedRate - min) + min;
        }
        return _cachedRate;
    }
}

/// <summary>What a <see cref="CosineDecay"/> without warm restarts does after its decay steps.</summary>
public enum CosineAfterDecay
{
    /// <summary>Stay at the minimum rate (Keras' <c>CosineDecay</c>).</summary>
    Hold,

    /// <summary>Keep following the cosine, which rises again (PyTorch's <c>CosineAnnealingLR</c>).</summary>
    Continue,
}
