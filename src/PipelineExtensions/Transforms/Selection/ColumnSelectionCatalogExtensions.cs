using PipelineExtensions.Transforms;
using PipelineExtensions.Transforms.Selection;

namespace PipelineExtensions;

/// <summary>Choosing columns (<c>ctx.Transforms.SelectColumns</c>, <c>ctx.Transforms.DropColumns</c>).</summary>
public static class ColumnSelectionCatalogExtensions
{
    /// <summary>Keeps only the named columns, in the given order.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="columnNames">The columns to keep (each must exist).</param>
    public static TrivialEstimator<ColumnSelectionTransformer> SelectColumns(this TransformsCatalog catalog, params string[] columnNames)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TrivialEstimator<ColumnSelectionTransformer>(new ColumnSelectionTransformer(columnNames, keep: true));
    }

    /// <summary>Removes the named columns.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="columnNames">The columns to drop (each must exist).</param>
    public static TrivialEstimator<ColumnSelectionTransformer> DropColumns(this TransformsCatalog catalog, params string[] columnNames)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TrivialEstimator<ColumnSelectionTransformer>(new ColumnSelectionTransformer(columnNames, keep: false));
    }
}
