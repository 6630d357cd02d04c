namespace PipelineExtensions;

/// <summary>Image loading and augmentation (<c>ctx.Augmentation</c>); the operations are extension methods beside each augmentation.</summary>
public sealed class AugmentationCatalog : CatalogBase
{
    internal AugmentationCatalog(PipelineContext context) : base(context)
    {
    }
}
