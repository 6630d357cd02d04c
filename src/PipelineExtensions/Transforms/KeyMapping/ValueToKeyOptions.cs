using PipelineExtensions.Options;

namespace PipelineExtensions.Transforms.KeyMapping;

/// <summary>Options of <c>ctx.Transforms.MapValueToKey</c>.</summary>
public sealed class ValueToKeyOptions
{
    private string _outputColumnName = "Label";
    private string? _inputColumnName;

    /// <summary>The key column written (replaced if present). Default <c>"Label"</c>.</summary>
    public string OutputColumnName
    {
        get => _outputColumnName;
        set => _outputColumnName = Check.NotEmpty(value);
    }

    /// <summary>The column read: Text, Int32 or Boolean. Default null: the output column.</summary>
    public string? InputColumnName
    {
        get => _inputColumnName;
        set => _inputColumnName = value is null ? null : Check.NotEmpty(value);
    }

    /// <summary>Order of the learned class names. Default <see cref="KeyOrdinality.ByValue"/>.</summary>
    public KeyOrdinality Ordinality { get; set; } = KeyOrdinality.ByValue;

    /// <summary>
    /// Fixed class names (in this order) instead of learning them from the data. Default null (learn). Values
    /// that are not among the classes map to the missing key (−1), during fitting and afterwards.
    /// </summary>
    public IReadOnlyList<string>? ClassNames { get; set; }
}
