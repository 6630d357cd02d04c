using PipelineExtensions.Options;

namespace PipelineExtensions.Transforms.Normalize;

/// <summary>Options of <c>ctx.Transforms.NormalizeMinMax</c>.</summary>
/// <remarks>Output default <c>"Features"</c>; input: a Single, Double, Vector or Image column.</remarks>
public sealed class MinMaxNormalizerOptions() : ColumnTransformOptions("Features")
{
    /// <summary>The value the training minimum maps to. Default 0.</summary>
    public double RangeMin { get; set; }

    /// <summary>The value the training maximum maps to; must exceed <see cref="RangeMin"/>. Default 1.</summary>
    public double RangeMax { get; set; } = 1;

    internal void Validate()
    {
        Check.InRange(RangeMin, -double.MaxValue, double.MaxValue);
        if (!(RangeMax > RangeMin) || double.IsInfinity(RangeMax))
            throw new ArgumentOutOfRangeException(nameof(RangeMax), RangeMax, $"RangeMax must be a finite number greater than RangeMin ({RangeMin}), got {RangeMax}.");
    }
}
