namespace PipelineExtensions.Sampling;

/// <summary>
/// Options of <see cref="SmoteEnn"/> (imbalanced-learn's <c>SMOTEENN</c>): SMOTE's options (the strategy is
/// SMOTE's), then edited nearest neighbours on <see cref="CleaningStrategy"/>'s classes.
/// </summary>
public sealed class SmoteEnnOptions : SyntheticSamplerOptions
{
    /// <summary>The classes ENN cleans. Default <see cref="SamplingStrategy.All"/> (imbalanced-learn's default here).</summary>
    public SamplingStrategy CleaningStrategy { get; set; } = SamplingStrategy.All;

    /// <summary>ENN's k (n_neighbors). Default 3.</summary>
    public int EnnNeighbourCount { get; set; } = 3;

    /// <summary>ENN's keep rule. Default <see cref="EnnSelection.All"/>.</summary>
    public EnnSelection EnnSelection { get; set; } = EnnSelection.All;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Options.Check.InRange(EnnNeighbourCount, 1, 1000);
        ArgumentNullException.ThrowIfNull(CleaningStrategy, nameof(CleaningStrategy));
    }
}
