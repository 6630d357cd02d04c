namespace PipelineExtensions.Sampling;

/// <summary>
/// Options of <see cref="SmoteTomek"/> (imbalanced-learn's <c>SMOTETomek</c>): SMOTE's options (the strategy is
/// SMOTE's), then Tomek links removed from <see cref="CleaningStrategy"/>'s classes.
/// </summary>
public sealed class SmoteTomekOptions : SyntheticSamplerOptions
{
    /// <summary>The classes Tomek links are removed from. Default <see cref="SamplingStrategy.All"/> (imbalanced-learn's default here).</summary>
    public SamplingStrategy CleaningStrategy { get; set; } = SamplingStrategy.All;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        ArgumentNullException.ThrowIfNull(CleaningStrategy, nameof(CleaningStrategy));
    }
}
