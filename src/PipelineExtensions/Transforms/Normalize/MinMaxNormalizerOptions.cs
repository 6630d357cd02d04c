using PipelineExtensions.Options;

namespace PipelineExtensions.Transforms.Normalize;

/// <summary>Options of <c>ctx.Transforms.NormalizeMinMax</c>.</summary>
public sealed class MinMaxNormalizerOptions
{
    private string _outputColumnName = "Features";
    private string? _inputColumnName;

    /// <summary>The column written (replaced if present). Default <c>"Features"</c>.</summary>
    public string OutputColumnName
    {
        get => _outputColumnName;
        set => _outputColumnName = Check.NotEmpty(value);
    }

    /// <summary>The column read: Single, Double, Vector or Image. Default null: the output column.</summary>
    public string? InputColumnName
    {
        get => _inputColumnName;
        set => _inputColumnName = value is null ? null : Check.NotEmpty(value);
    }

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
