using PipelineExtensions.Data;
using PipelineExtensions.Transforms;
using PipelineExtensions.Transforms.Conversion;

namespace PipelineExtensions;

/// <summary>Type conversion (<c>ctx.Transforms.ConvertType</c>).</summary>
public static class ConvertTypeCatalogExtensions
{
    /// <summary>Converts a scalar, key or text column to <paramref name="outputKind"/> (see <see cref="ConvertTypeTransformer"/> for the rules).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The column written (replaced if present).</param>
    /// <param name="inputColumnName">The column read; null: the output column.</param>
    /// <param name="outputKind">The scalar kind to convert to; default Single.</param>
    public static TrivialEstimator<ConvertTypeTransformer> ConvertType(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null, ScalarKind outputKind = ScalarKind.Single)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TrivialEstimator<ConvertTypeTransformer>(new ConvertTypeTransformer(outputColumnName, inputColumnName, outputKind));
    }
}
