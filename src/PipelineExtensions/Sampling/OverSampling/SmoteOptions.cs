namespace PipelineExtensions.Sampling;

/// <summary>Options of <see cref="Smote"/> (imbalanced-learn's <c>SMOTE</c>): <see cref="SyntheticSamplerOptions.NeighbourCount"/> is k_neighbors (default 5).</summary>
public sealed class SmoteOptions : SyntheticSamplerOptions
{
}
