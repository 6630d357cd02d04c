namespace PipelineExtensions.AutoML.Pruners;

/// <summary>Never prunes (the default): every trial runs to the end.</summary>
public sealed class NoPruner : IPruner
{
    /// <inheritdoc />
    public string Name => "none";

    /// <inheritdoc />
    public PruneDecision Decide(PrunerContext context) => PruneDecision.Continue;
}
