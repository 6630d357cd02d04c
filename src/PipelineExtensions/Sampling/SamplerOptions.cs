using PipelineExtensions.Options;

namespace PipelineExtensions.Sampling;

/// <summary>Options shared by every sampler (imbalanced-learn's common <c>sampling_strategy</c> and <c>random_state</c>).</summary>
public abstract class SamplerOptions
{
    /// <summary>The feature column: a float vector or an image column. Default "Features".</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>The label column: a key column (class indices). Default "Label".</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>Which classes to resample and to what counts. Default <see cref="SamplingStrategy.Auto"/>.</summary>
    public SamplingStrategy SamplingStrategy { get; set; } = SamplingStrategy.Auto;

    /// <summary>
    /// Seed of the sampler's random choices; null takes the next component seed of the <see cref="PipelineContext"/>
    /// that creates it. The same seed gives the same output on any number of threads. Default null.
    /// </summary>
    public int? Seed { get; set; }

    /// <summary>Checks every option; the exception names the option, its value and the allowed range.</summary>
    public virtual void Validate()
    {
        Check.NotEmpty(FeatureColumnName);
        Check.NotEmpty(LabelColumnName);
        if (FeatureColumnName == LabelColumnName)
            throw new ArgumentException($"FeatureColumnName and LabelColumnName must differ, both are '{FeatureColumnName}'.", nameof(LabelColumnName));
        ArgumentNullException.ThrowIfNull(SamplingStrategy);
    }
}

/// <summary>Options shared by samplers that create synthetic rows by interpolation (the SMOTE family).</summary>
public abstract class SyntheticSamplerOptions : SamplerOptions
{
    /// <summary>Number of nearest same-class neighbours a synthetic row may be drawn towards (k_neighbors). Default 5.</summary>
    public int NeighbourCount { get; set; } = 5;

    /// <summary>What the columns other than features and label hold in synthetic rows. Default <see cref="Sampling.SyntheticRowValues.CopyFromSeed"/>.</summary>
    public SyntheticRowValues SyntheticRowValues { get; set; } = SyntheticRowValues.CopyFromSeed;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Check.InRange(NeighbourCount, 1, 1000);
        if (!Enum.IsDefined(SyntheticRowValues))
            throw new ArgumentOutOfRangeException(nameof(SyntheticRowValues), SyntheticRowValues, $"SyntheticRowValues must be CopyFromSeed or Missing, got {SyntheticRowValues}.");
    }
}
