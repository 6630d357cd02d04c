namespace PipelineExtensions;

/// <summary>Trainers (<c>ctx.Trainers</c>); engines add them as extension methods (see PipelineExtensions.Neural).</summary>
public sealed class TrainersCatalog : CatalogBase
{
    internal TrainersCatalog(PipelineContext context) : base(context)
    {
    }
}
