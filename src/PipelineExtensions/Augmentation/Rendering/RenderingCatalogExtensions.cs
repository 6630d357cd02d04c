using PipelineExtensions.Augmentation;
using PipelineExtensions.Data;

namespace PipelineExtensions;

/// <summary>The augmentation grid in <c>ctx.Augmentation</c>.</summary>
public static class RenderingCatalogExtensions
{
    /// <summary>
    /// Renders original + variants of the first images of <paramref name="imageColumnName"/> in <paramref name="data"/>;
    /// write the result with <see cref="AugmentationGrid.SavePng"/> or <see cref="AugmentationGrid.ToHtml"/>.
    /// </summary>
    public static AugmentationGrid RenderGrid(this AugmentationCatalog catalog, AugmentationPipeline pipeline, DataTable data, string imageColumnName, AugmentationGridOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new AugmentationGridOptions();
        var labels = options.LabelColumnName is null ? null : data.GetColumn<KeyColumn>(options.LabelColumnName);
        return AugmentationGrid.Render(pipeline, data.GetColumn<VectorColumn>(imageColumnName), options, labels);
    }
}
