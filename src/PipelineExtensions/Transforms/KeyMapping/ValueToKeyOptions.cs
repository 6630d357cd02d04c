namespace PipelineExtensions.Transforms.KeyMapping;

/// <summary>Options of <c>ctx.Transforms.MapValueToKey</c>.</summary>
/// <remarks>Output: the key column (default <c>"Label"</c>); input: a Text, Int32 or Boolean column.</remarks>
public sealed class ValueToKeyOptions() : ColumnTransformOptions("Label")
{
    /// <summary>Order of the learned class names. Default <see cref="KeyOrdinality.ByValue"/>.</summary>
    public KeyOrdinality Ordinality { get; set; } = KeyOrdinality.ByValue;

    /// <summary>
    /// Fixed class names (in this order) instead of learning them from the data. Default null (learn). Values
    /// that are not among the classes map to the missing key (−1), during fitting and afterwards.
    /// </summary>
    public IReadOnlyList<string>? ClassNames { get; set; }
}
