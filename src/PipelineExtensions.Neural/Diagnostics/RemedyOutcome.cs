using PipelineExtensions.Diagnostics;

namespace PipelineExtensions.Neural.Diagnostics;

/// <summary>What <see cref="RemedyApplier"/> did with one remedy of a plan.</summary>
/// <param name="Remedy">The remedy.</param>
/// <param name="Applied">True when it changed the pipeline; false when it was left out (see <paramref name="Change"/>).</param>
/// <param name="Change">The change made, with its values ("RandomOverSampler before the trainer, strategy auto"), or why it was left out.</param>
public sealed record RemedyOutcome(Remedy Remedy, bool Applied, string Change)
{
    /// <inheritdoc />
    public override string ToString() => $"{(Applied ? "applied" : "left out")} {Remedy.Kind}: {Change}";
}
