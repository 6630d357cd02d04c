namespace PipelineExtensions.Training;

/// <summary>
/// Keras' <c>PiecewiseConstantDecay</c>: <c>values[0]</c> while <c>t ≤ boundaries[0]</c>, <c>values[1]</c> while
/// <c>boundaries[0] &lt; t ≤ boundaries[1]</c>, …, and <c>values[^1]</c> after the last boundary.
/// </summary>
/// <example>
/// <code>
/// // 1.0 for steps 0..100000, 0.5 for 100001..110000, then 0.1
/// var schedule = new PiecewiseConstant([100_000, 110_000], [1.0, 0.5, 0.1]);
/// </code>
/// </example>
public sealed class PiecewiseConstant : LearningRateSchedule
{
    private readonly long[] _boundaries;
    private readonly double[] _values;

    /// <summary>Creates the schedule.</summary>
    /// <param name="boundaries">Strictly increasing, non-negative step boundaries.</param>
    /// <param name="values">One more value than boundaries; each positive.</param>
    public PiecewiseConstant(IReadOnlyList<long> boundaries, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(boundaries);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != boundaries.Count + 1)
            throw new ArgumentException($"values needs one more entry than boundaries: {boundaries.Count} boundaries, {values.Count} values.", nameof(values));
        for (int i = 0; i < boundaries.Count; i++)
        {
            if (boundaries[i] < 0 || (i > 0 && boundaries[i] <= boundaries[i - 1]))
                throw new ArgumentException($"boundaries must be non-negative and strictly increasing; boundaries[{i}] = {boundaries[i]}.", nameof(boundaries));
        }
        for (int i = 0; i < values.Count; i++)
        {
            if (!(values[i] > 0) || double.IsInfinity(values[i]))
                throw new ArgumentOutOfRangeException(nameof(values), values[i], $"values[{i}] must be a positive finite learning rate, got {values[i]}.");
        }
        _boundaries = boundaries.ToArray();
        _values = values.ToArray();
    }

    /// <summary>The step boundaries.</summary>
    public IReadOnlyList<long> Boundaries => _boundaries;

    /// <summary>The rate of each interval.</summary>
    public IReadOnlyList<double> Values => _values;

    /// <inheritdoc />
    public override double LearningRateAt(long step)
    {
        CheckStep(step);
        int i = 0;
        while (i < _boundaries.Length && step > _boundaries[i])
            i++;
        return _values[i];
    }
}
