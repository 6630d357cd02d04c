using System.Globalization;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.AutoML.SearchSpaces;

/// <summary>
/// A real-valued parameter in [<see cref="Low"/>, <see cref="High"/>]: uniform, log-uniform
/// (<see cref="Log"/>), or discretised with a <see cref="Step"/> (values Low, Low+Step, … ≤ High).
/// </summary>
public sealed class FloatDistribution : ParameterDistribution
{
    /// <summary>Creates the distribution; the message of any failure names the parameter and the bad bound.</summary>
    /// <param name="name">Parameter name.</param>
    /// <param name="low">Lower bound (inclusive).</param>
    /// <param name="high">Upper bound (inclusive); must be ≥ <paramref name="low"/>.</param>
    /// <param name="log">Sample uniformly in log space (needs <paramref name="low"/> &gt; 0, no step).</param>
    /// <param name="step">Optional discretisation step (&gt; 0, not with <paramref name="log"/>).</param>
    public FloatDistribution(string name, double low, double high, bool log = false, double? step = null) : base(name)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high))
            throw new ArgumentOutOfRangeException(nameof(low), $"Parameter '{name}': bounds must be finite, got [{low}, {high}].");
        if (low > high)
            throw new ArgumentOutOfRangeException(nameof(high), high, $"Parameter '{name}': high ({high}) must be ≥ low ({low}).");
        if (log && low <= 0)
            throw new ArgumentOutOfRangeException(nameof(low), low, $"Parameter '{name}': a log-uniform range needs low > 0, got {low}.");
        if (step is { } s)
        {
            if (!(s > 0) || !double.IsFinite(s))
                throw new ArgumentOutOfRangeException(nameof(step), s, $"Parameter '{name}': step must be a positive finite number, got {s}.");
            if (log)
                throw new ArgumentException($"Parameter '{name}': step and log cannot be combined (as in Optuna).", nameof(step));
            // Like Optuna, the effective high is the last grid point not above high.
            high = low + Math.Floor((high - low) / s + 1e-9) * s;
        }
        Low = low;
        High = high;
        Log = log;
        Step = step;
    }

    /// <summary>Lower bound (inclusive).</summary>
    public double Low { get; }

    /// <summary>Upper bound (inclusive; with a step, the last grid point).</summary>
    public double High { get; }

    /// <summary>True for log-uniform sampling.</summary>
    public bool Log { get; }

    /// <summary>The discretisation step, or null for a continuous range.</summary>
    public double? Step { get; }

    /// <inheritdoc />
    public override bool Contains(double internalValue)
    {
        if (!(internalValue >= Low && internalValue <= High))
            return false;
        if (Step is not { } s)
            return true;
        double k = (internalValue - Low) / s;
        return Math.Abs(k - Math.Round(k)) < 1e-6;
    }

    /// <inheritdoc />
    public override object ToExternal(double internalValue) => internalValue;

    /// <inheritdoc />
    public override double ToInternal(object value)
    {
        double v = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        if (!Contains(v))
            throw OutOfRange(value, Describe());
        return v;
    }

    /// <summary>Rounds <paramref name="value"/> to the step grid (if any) and clips it into the range.</summary>
    public double Snap(double value)
    {
        if (Step is { } s)
            value = Math.Round((value - Low) / s) * s + Low;
        return Math.Clamp(value, Low, High);
    }

    /// <inheritdoc />
    public override string Format(double internalValue) => internalValue.ToString("G6", CultureInfo.InvariantCulture);

    internal override double SampleUniform(SeededRandom random)
    {
        if (Log)
            return Math.Clamp(Math.Exp(random.NextDouble(Math.Log(Low), Math.Log(High))), Low, High);
        if (Step is { } s)
        {
            long count = (long)Math.Round((High - Low) / s) + 1;
            return Snap(Low + s * random.NextInt((int)Math.Min(count, int.MaxValue)));
        }
        return Low + (High - Low) * random.NextDouble();
    }

    internal string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"[{Low}, {High}]{(Log ? " (log)" : "")}{(Step is { } s ? $" step {s}" : "")}");

    /// <inheritdoc />
    public override string ToString() => $"{Name}: float {Describe()}";
}
