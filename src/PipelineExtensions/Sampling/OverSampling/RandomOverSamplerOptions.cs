using PipelineExtensions.Options;

namespace PipelineExtensions.Sampling;

/// <summary>Options of <see cref="RandomOverSampler"/> (imbalanced-learn's <c>RandomOverSampler</c>).</summary>
public sealed class RandomOverSamplerOptions : SamplerOptions
{
    /// <summary>
    /// Smoothed bootstrap (imbalanced-learn 0.10's <c>shrinkage</c>): null draws plain copies; a value ≥ 0 adds
    /// Gaussian noise to each drawn row with per-feature standard deviation
    /// <c>shrinkage · (4 / ((d + 2) · n))^(1 / (d + 4)) · σ_class,j</c> (n = all rows, d = features, σ = population
    /// standard deviation of feature j within the class). Default null.
    /// </summary>
    public double? Shrinkage { get; set; }

    /// <summary>Per-class shrinkage by class name; when set it must name every class that is over-sampled. Default null.</summary>
    public IReadOnlyDictionary<string, double>? ShrinkageByClass { get; set; }

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (Shrinkage is { } s)
            Check.NonNegative(s, nameof(Shrinkage));
        if (ShrinkageByClass is not null)
            foreach (var (name, value) in ShrinkageByClass)
                if (!(value >= 0) || double.IsInfinity(value))
                    throw new ArgumentOutOfRangeException(nameof(ShrinkageByClass), value, $"ShrinkageByClass['{name}'] must be a non-negative finite number, got {value}.");
    }
}
