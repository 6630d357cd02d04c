using PipelineExtensions.Options;

namespace PipelineExtensions.Transforms.Normalize;

/// <summary>Options of <c>ctx.Transforms.NormalizeMeanVariance</c>.</summary>
public sealed class MeanVarianceNormalizerOptions
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

    /// <summary>Subtract the training mean (true) or only divide by the standard deviation (false, keeps zeros). Default true.</summary>
    public bool Center { get; set; } = true;
}
