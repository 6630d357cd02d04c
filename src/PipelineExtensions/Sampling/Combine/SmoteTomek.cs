namespace PipelineExtensions.Sampling;

/// <summary>
/// SMOTE, then Tomek-link removal on the over-sampled table (Batista et al. 2004), as imbalanced-learn's
/// <c>SMOTETomek</c>. Provenance (<see cref="SamplingResult.SourceRows"/>, origins) refers to the original input rows.
/// </summary>
public sealed class SmoteTomek : Sampler
{
    private readonly Smote _smote;
    private readonly TomekLinks _tomek;

    /// <summary>Creates the sampler; <paramref name="seed"/> is used when the options give none.</summary>
    public SmoteTomek(SmoteTomekOptions options, int seed) : base(options, options.Seed ?? seed)
    {
        _smote = new Smote(new SmoteOptions
        {
            FeatureColumnName = options.FeatureColumnName,
            LabelColumnName = options.LabelColumnName,
            SamplingStrategy = options.SamplingStrategy,
            NeighbourCount = options.NeighbourCount,
            SyntheticRowValues = options.SyntheticRowValues,
        }, Seed);
        _tomek = new TomekLinks(new TomekLinksOptions
        {
            FeatureColumnName = options.FeatureColumnName,
            LabelColumnName = options.LabelColumnName,
            SamplingStrategy = options.CleaningStrategy ?? throw new ArgumentNullException(nameof(options), "CleaningStrategy must not be null."),
        });
    }

    /// <inheritdoc />
    public override string StepName => "SMOTETomek";

    /// <inheritdoc />
    public override SamplingKind Kind => SamplingKind.OverSampling;

    private protected override SamplingResult Resample(SamplerData data, SortedDictionary<int, int> plan)
    {
        var smoted = _smote.ResampleValidated(data, plan);
        return CombinedResult.Compose(smoted, _tomek.FitResample(smoted.Table));
    }
}
