using System.Globalization;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.AutoML.SearchSpaces;

/// <summary>
/// An integer parameter: values <see cref="Low"/>, Low+<see cref="Step"/>, … ≤ <see cref="High"/>, sampled
/// uniformly or log-uniformly (<see cref="Log"/>, step 1 only, as in Optuna).
/// </summary>
public sealed class IntDistribution : ParameterDistribution
{
    /// <summary>Creates the distribution; the message of any failure names the parameter and the bad bound.</summary>
    /// <param name="name">Parameter name.</param>
    /// <param name="low">Lower bound (inclusive).</param>
    /// <param name="high">Upper bound (inclusive); the effective bound is the last step point not above it.</param>
    /// <param name="step">Step between values (≥ 1).</param>
    /// <param name="log">Sample log-uniformly (needs <paramref name="low"/> ≥ 1 and step 1).</param>
    public IntDistribution(string name, long low, long high, long step = 1, bool log = false) : base(name)
    {
        if (low > high)
            throw new ArgumentOutOfRangeException(nameof(high), high, $"Parameter '{name}': high ({high}) must be ≥ low ({low}).");
        if (step < 1)
            throw new ArgumentOutOfRangeException(nameof(step), step, $"Parameter '{name}': step must be ≥ 1, got {step}.");
        if (log && low < 1)
            throw new ArgumentOutOfRangeException(nameof(low), low, $"Parameter '{name}': a log-uniform integer range needs low ≥ 1, got {low}.");
        if (log && step != 1)
            throw new ArgumentException($"Parameter '{name}': log sampling needs step 1 (as in Optuna), got step {step}.", nameof(step));
        Low = low;
        High = low + (high - low) / step * step;
        Step = step;
        Log = log;
    }

    /// <summary>Lower bound (inclusive).</summary>
    public long Low { get; }

    /// <summary>Upper bound (inclusive, on the step grid).</summary>
    public long High { get; }

    /// <summary>Step between values.</summary>
    public long Step { get; }

    /// <summary>True for log-uniform sampling.</summary>
    public bool Log { get; }

    /// <summary>Number of distinct values.</summary>
    public long Count => (High - Low) / Step + 1;

    /// <inheritdoc />
    public override bool Contains(double internalValue) =>
        internalValue >= Low && internalValue <= High && internalValue == Math.Floor(internalValue)
        && ((long)internalValue - Low) % Step == 0;

    /// <inheritdoc />
    public override object ToExternal(double internalValue) => (long)internalValue;

    /// <inheritdoc />
    public override double ToInternal(object value)
    {
        double v = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        if (!Contains(v))
            throw OutOfRange(value, Describe());
        return v;
    }

    /// <summary>Rounds a real value onto the step grid and clips it into the range.</summary>
    public double Snap(double value) => Math.Clamp(Math.Round((value - Low) / Step) * Step + Low, Low, High);

    internal override double SampleUniform(SeededRandom random)
    {
        if (Log)
        {
            // Optuna samples log-uniformly on [low-0.5, high+0.5] and rounds, so every integer keeps its share.
            double x = Math.Exp(random.NextDouble(Math.Log(Low - 0.5), Math.Log(High + 0.5)));
            return Snap(x);
        }
        return Low + Step * (double)random.NextInt((int)Math.Min(Count, int.MaxValue));
    }

    internal string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"{{{Low}..{High}}}{(Step != 1 ? $" step {Step}" : "")}{(Log ? " (log)" : "")}");

    /// <inheritdoc />
    public override string ToString() => $"{Name}: int {Describe()}";
}
