using PipelineExtensions.Transforms;
using PipelineExtensions.Transforms.Concatenate;

namespace PipelineExtensions;

/// <summary>Concatenation into a feature vector (<c>ctx.Transforms.Concatenate</c>).</summary>
public static class ConcatenateCatalogExtensions
{
    /// <summary>
    /// Concatenates scalar columns (any numeric kind or bool, as float32) and vector or image columns (flattened)
    /// into one float vector column.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The vector column to write, e.g. <c>"Features"</c> (replaced if present).</param>
    /// <param name="inputColumnNames">The columns to concatenate, in order.</param>
    /// <example><code>
    /// var pipeline = ctx.Transforms.Concatenate("Features", "f01", "f02", "f03")
    ///     .Append(ctx.Transforms.NormalizeMeanVariance("Features"));
    /// </code></example>
    public static TrivialEstimator<ConcatenateTransformer> Concatenate(this TransformsCatalog catalog, string outputColumnName, params string[] inputColumnNames)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TrivialEstimator<ConcatenateTransformer>(new ConcatenateTransformer(outputColumnName, inputColumnNames));
    }
}
