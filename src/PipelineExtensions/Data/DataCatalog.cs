namespace PipelineExtensions;

/// <summary>Loading, saving and splitting data (<c>ctx.Data</c>); the operations are extension methods beside each loader.</summary>
public sealed class DataCatalog : CatalogBase
{
    internal DataCatalog(PipelineContext context) : base(context)
    {
    }
}
