namespace PipelineExtensions;

/// <summary>Diagnosis of plateaued runs (<c>ctx.Diagnostics</c>); the operations are extension methods in <c>DiagnosticsCatalogExtensions</c>.</summary>
public sealed class DiagnosticsCatalog : CatalogBase
{
    internal DiagnosticsCatalog(PipelineContext context) : base(context)
    {
    }
}
