namespace PipelineExtensions.Sampling;

/// <summary>
/// SMOTE, then edited nearest neighbours on the over-sampled table (Batista et al. 2004), as imbalanced-learn's
/// <c>SMOTEENN</c>. Provenance (<see cref="SamplingResult.SourceRows"/>, origins) refers to the original input rows.
/// </summary>
public sealed class SmoteEnn : Sampler
{
    private readonly Smote _smote;
    private readonly EditedNearestNeighbours _enn;

    /// <summary>Creates the sampler; <paramref name="seed"/> is used when the options give none.</summary>
    public SmoteEnn(SmoteEnnOptions options, int seed) : base(options, options.Seed ?? seed)
    {
        _smote = new Smote(new SmoteOptions
        {
            FeatureColumnName = options.FeatureColumnName,
            LabelColumnName = options.LabelColumnName,
            SamplingStrategy = options.SamplingStrategy,
            NeighbourCount = options.NeighbourCount,
            SyntheticRowValues = options.SyntheticRowValues,
        }, Seed);
        _enn = new EditedNearestNeighbours(new EditedNearestNeighboursOptions
        {
            FeatureColumnName = options.FeatureColumnName,
            LabelColumnName = options.LabelColumnName,
            SamplingStrategy = options.CleaningStrategy ?? throw new ArgumentNullException(nameof(options), "CleaningStrategy must not be null."),
            NeighbourCount = options.EnnNeighbourCount,
            Selection = options.EnnSelection,
        });
    }

    /// <inheritdoc />
    public override string StepName => "SMOTEENN";

    /// <inheritdoc />
    public override SamplingKind Kind => SamplingKind.OverSampling;

    private protected override SamplingResult Resample(SamplerData data, SortedDictionary<int, int> plan)
    {
        var smoted = _smote.ResampleValidated(data, plan);
        return CombinedResult.Compose(smoted, _enn.FitResample(smoted.Table));
    }
}
