using PipelineExtensions.Options;

namespace PipelineExtensions.Training;

/// <summary>
/// PyTorch's <c>OneCycleLR</c> (Smith's 1cycle policy): the rate rises from <c>max/div</c> to
/// <see cref="MaxLearningRate"/> over the first <see cref="PercentStart"/> of <see cref="TotalSteps"/>, then anneals to
/// <c>max/(div·finalDiv)</c>; momentum moves the opposite way between <see cref="MaxMomentum"/> and
/// <see cref="BaseMomentum"/>. Apply it per optimizer step (<see cref="ScheduleInterval.Step"/>).
/// </summary>
/// <remarks>
/// Computed with PyTorch 1.13's arithmetic (phase end steps <c>pct·total − 1</c> and <c>total − 1</c>, the same
/// cosine and linear annealing formulas), so the values equal PyTorch's bit for bit. Like PyTorch, steps
/// 0..<see cref="TotalSteps"/> are defined (the last one is the value after the final scheduler step) and a
/// later step is an error; the scheduler callback checks the planned number of steps before training.
/// </remarks>
/// <example>
/// <code>
/// var schedule = new OneCycle(maxLearningRate: 0.01, totalSteps: epochs * stepsPerEpoch);
/// var callback = new LearningRateScheduler(schedule, ScheduleInterval.Step);
/// </code>
/// </example>
public sealed class OneCycle : LearningRateSchedule
{
    private readonly double _phase1End, _phase2End, _phase3End;

    /// <summary>Creates the schedule.</summary>
    /// <param name="maxLearningRate">The peak rate; positive.</param>
    /// <param name="totalSteps">Total optimizer steps of the cycle; positive.</param>
    /// <param name="percentStart">Fraction of the steps spent increasing the rate, in [0, 1] (default 0.3).</param>
    /// <param name="anneal">Cosine (default) or linear annealing.</param>
    public OneCycle(double maxLearningRate, long totalSteps, double percentStart = 0.3, AnnealStrategy anneal = AnnealStrategy.Cosine)
    {
        MaxLearningRate = Check.Positive(maxLearningRate);
        if (totalSteps <= 0)
            throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, $"totalSteps must be positive, got {totalSteps}.");
        TotalSteps = totalSteps;
        PercentStart = Check.InRange(percentStart, 0, 1);
        Anneal = anneal;
        _phase1End = PercentStart * TotalSteps - 1;
        _phase2End = 2 * PercentStart * TotalSteps - 2;
        _phase3End = TotalSteps - 1;
    }

    /// <summary>The peak rate.</summary>
    public double MaxLearningRate { get; }

    /// <summary>Total optimizer steps of the cycle.</summary>
    public long TotalSteps { get; }

    /// <summary>Fraction of the steps spent increasing the rate.</summary>
    public double PercentStart { get; }

    /// <summary>Cosine or linear annealing.</summary>
    public AnnealStrategy Anneal { get; }

    /// <summary>Initial rate = max / this (PyTorch's <c>div_factor</c>, default 25).</summary>
    public double DivFactor { get; init => field = Check.Positive(value); } = 25;

    /// <summary>Final rate = initial / this (PyTorch's <c>final_div_factor</c>, default 1e4).</summary>
    public double FinalDivFactor { get; init => field = Check.Positive(value); } = 1e4;

    /// <summary>Use three phases (up, back down to the initial rate, then to the final rate) as in fastai. Default false.</summary>
    public bool ThreePhase { get; init; }

    /// <summary>Cycle momentum inversely to the rate (default true); see <see cref="MomentumAt"/>.</summary>
    public bool CycleMomentum { get; init; } = true;

    /// <summary>The lowest momentum, reached at the peak rate (default 0.85).</summary>
    public double BaseMomentum { get; init => field = Check.InRange(value, 0, 1); } = 0.85;

    /// <summary>The highest momentum, at the start and end (default 0.95).</summary>
    public double MaxMomentum { get; init => field = Check.InRange(value, 0, 1); } = 0.95;

    /// <summary>The rate at step 0: max / div.</summary>
    public double InitialLearningRate => MaxLearningRate / DivFactor;

    /// <summary>The rate at the last step: initial / finalDiv.</summary>
    public double FinalLearningRate => InitialLearningRate / FinalDivFactor;

    /// <inheritdoc />
    public override long? DefinedSteps => TotalSteps;

    /// <inheritdoc />
    public override double LearningRateAt(long step) => Evaluate(step, momentum: false);

    /// <inheritdoc />
    public override double? MomentumAt(long step) => CycleMomentum ? Evaluate(step, momentum: true) : null;

    private double Evaluate(long step, bool momentum)
    {
        CheckStep(step);
        if (step > TotalSteps)
            throw new ArgumentOutOfRangeException(nameof(step), step, $"OneCycle is defined for steps 0..{TotalSteps}; step {step} is past the end of the cycle (plan at most {TotalSteps} optimizer steps).");
        double initial = InitialLearningRate, final = FinalLearningRate;
        Span<(double End, double StartLr, double EndLr, double StartM, double EndM)> phases = ThreePhase
            ? [(_phase1End, initial, MaxLearningRate, MaxMomentum, BaseMomentum),
               (_phase2End, MaxLearningRate, initial, BaseMomentum, MaxMomentum),
               (_phase3End, initial, final, MaxMomentum, MaxMomentum)]
            : [(_phase1End, initial, MaxLearningRate, MaxMomentum, BaseMomentum),
               (_phase3End, MaxLearningRate, final, BaseMomentum, MaxMomentum)];
        double start = 0;
        for (int i = 0; i < phases.Length; i++)
        {
            var phase = phases[i];
            if (step <= phase.End || i == phases.Length - 1)
            {
                double pct = (step - start) / (phase.End - start);
                return momentum ? Interpolate(phase.StartM, phase.EndM, pct) : Interpolate(phase.StartLr, phase.EndLr, pct);
            }
            start = phase.End;
        }
        throw new InvalidOperationException("unreachable");
    }

    private double Interpolate(double from, double to, double pct) => Anneal == AnnealStrategy.Cosine
        ? to + (from - to) / 2.0 * (Math.Cos(Math.PI * pct) + 1)
        : (to - from) * pct + from;
}

/// <summary>How <see cref="OneCycle"/> moves between two values.</summary>
public enum AnnealStrategy
{
    /// <summary>Half a cosine (PyTorch <c>anneal_strategy='cos'</c>).</summary>
    Cosine,

    /// <summary>A straight line (PyTorch <c>anneal_strategy='linear'</c>).</summary>
    Linear,
}
