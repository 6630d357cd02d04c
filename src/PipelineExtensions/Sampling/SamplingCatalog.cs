namespace PipelineExtensions;

/// <summary>Train-only over- and under-samplers (<c>ctx.Sampling</c>); the samplers are extension methods beside each sampler.</summary>
public sealed class SamplingCatalog : CatalogBase
{
    internal SamplingCatalog(PipelineContext context) : base(context)
    {
    }
}
