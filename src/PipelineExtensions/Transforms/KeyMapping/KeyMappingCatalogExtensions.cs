using PipelineExtensions.Transforms;
using PipelineExtensions.Transforms.KeyMapping;

namespace PipelineExtensions;

/// <summary>Label mapping (<c>ctx.Transforms.MapValueToKey</c>, <c>ctx.Transforms.MapKeyToValue</c>).</summary>
public static class KeyMappingCatalogExtensions
{
    /// <summary>
    /// Maps a text, integer or boolean column to a key column whose class names are learned from the training
    /// data (sorted); unseen and missing values become the missing key (−1).
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The key column written, e.g. <c>"Label"</c>.</param>
    /// <param name="inputColumnName">The column read; null: the output column.</param>
    /// <example><code>
    /// var pipeline = ctx.Transforms.MapValueToKey("Label", "label");
    /// </code></example>
    public static ValueToKeyEstimator MapValueToKey(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null) =>
        MapValueToKey(catalog, new ValueToKeyOptions { OutputColumnName = outputColumnName, InputColumnName = inputColumnName });

    /// <summary>Maps values to keys with the given <paramref name="options"/> (ordinality, fixed class names).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">Columns, class order, fixed class names.</param>
    public static ValueToKeyEstimator MapValueToKey(this TransformsCatalog catalog, ValueToKeyOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ValueToKeyEstimator(options);
    }

    /// <summary>Maps a key column back to its class names as a text column (missing key → null).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The text column written.</param>
    /// <param name="inputColumnName">The key column read; null: the output column.</param>
    public static TrivialEstimator<KeyToValueTransformer> MapKeyToValue(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TrivialEstimator<KeyToValueTransformer>(new KeyToValueTransformer(outputColumnName, inputColumnName));
    }
}
