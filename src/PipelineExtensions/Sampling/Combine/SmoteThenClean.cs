namespace PipelineExtensions.Sampling;

/// <summary>
/// Base of the combined samplers: SMOTE with the caller's options and strategy, then a cleaner on the
/// over-sampled table; provenance (<see cref="SamplingResult.SourceRows"/>, origins) refers to the original input rows.
/// </summary>
public abstract class SmoteThenClean : Sampler
{
    private readonly Smote _smote;
    private readonly Sampler _cleaner;

    private protected SmoteThenClean(SyntheticSamplerOptions options, int seed, Func<Sampler> cleaner) : base(options, options.Seed ?? seed)
    {
        _smote = new Smote(new SmoteOptions
        {
            FeatureColumnName = options.FeatureColumnName,
            LabelColumnName = options.LabelColumnName,
            SamplingStrategy = options.SamplingStrategy,
            NeighbourCount = options.NeighbourCount,
            SyntheticRowValues = options.SyntheticRowValues,
        }, Seed);
        _cleaner = cleaner();
    }

    /// <inheritdoc />
    public override SamplingKind Kind => SamplingKind.OverSampling;

    private protected override SamplingResult Resample(SamplerData data, SortedDictionary<int, int> plan)
    {
        var smoted = _smote.ResampleValidated(data, plan);
        return CombinedResult.Compose(smoted, _cleaner.FitResample(smoted.Table));
    }
}
