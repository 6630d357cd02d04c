namespace PipelineExtensions.Sampling;

/// <summary>Options of <see cref="Adasyn"/> (imbalanced-learn's <c>ADASYN</c>): <see cref="SyntheticSamplerOptions.NeighbourCount"/> is n_neighbors (default 5).</summary>
public sealed class AdasynOptions : SyntheticSamplerOptions
{
}
