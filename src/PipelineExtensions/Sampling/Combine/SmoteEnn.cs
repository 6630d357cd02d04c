namespace PipelineExtensions.Sampling;

/// <summary>
/// SMOTE, then edited nearest neighbours on the over-sampled table (Batista et al. 2004), as imbalanced-learn's
/// <c>SMOTEENN</c>. Provenance (<see cref="SamplingResult.SourceRows"/>, origins) refers to the original input rows.
/// </summary>
public sealed class SmoteEnn : SmoteThenClean
{
    /// <summary>Creates the sampler; <paramref name="seed"/> is used when the options give none.</summary>
    public SmoteEnn(SmoteEnnOptions options, int seed) : base(options, seed, () => new EditedNearestNeighbours(new EditedNearestNeighboursOptions
    {
        FeatureColumnName = options.FeatureColumnName,
        LabelColumnName = options.LabelColumnName,
        SamplingStrategy = options.CleaningStrategy,
        NeighbourCount = options.EnnNeighbourCount,
        Selection = options.EnnSelection,
    }))
    {
    }

    /// <inheritdoc />
    public override string StepName => "SMOTEENN";
}
