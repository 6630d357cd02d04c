namespace PipelineExtensions;

/// <summary>Column transforms (<c>ctx.Transforms</c>); the operations are extension methods beside each transform.</summary>
public sealed class TransformsCatalog : CatalogBase
{
    internal TransformsCatalog(PipelineContext context) : base(context)
    {
    }
}
