namespace PipelineExtensions.Sampling;

/// <summary>
/// SMOTE, then Tomek-link removal on the over-sampled table (Batista et al. 2004), as imbalanced-learn's
/// <c>SMOTETomek</c>. Provenance (<see cref="SamplingResult.SourceRows"/>, origins) refers to the original input rows.
/// </summary>
public sealed class SmoteTomek : SmoteThenClean
{
    /// <summary>Creates the sampler; <paramref name="seed"/> is used when the options give none.</summary>
    public SmoteTomek(SmoteTomekOptions options, int seed) : base(options, seed, () => new TomekLinks(new TomekLinksOptions
    {
        FeatureColumnName = options.FeatureColumnName,
        LabelColumnName = options.LabelColumnName,
        SamplingStrategy = options.CleaningStrategy,
    }))
    {
    }

    /// <inheritdoc />
    public override string StepName => "SMOTETomek";
}
