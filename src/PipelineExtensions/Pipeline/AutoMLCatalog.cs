namespace PipelineExtensions;

/// <summary>Sweeps over whole pipelines (<c>ctx.AutoML</c>); PipelineExtensions.AutoML adds the operations as extension methods.</summary>
public sealed class AutoMLCatalog : CatalogBase
{
    internal AutoMLCatalog(PipelineContext context) : base(context)
    {
    }
}
