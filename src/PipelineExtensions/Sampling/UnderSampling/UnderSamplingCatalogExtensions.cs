using PipelineExtensions.Sampling;

namespace PipelineExtensions;

/// <summary>Under-samplers and cleaners in <c>ctx.Sampling</c>.</summary>
public static class UnderSamplingCatalogExtensions
{
    /// <summary>Random under-sampling: keeps a random subset of each targeted class.</summary>
    /// <param name="catalog">The sampling catalog.</param>
    /// <param name="featureColumnName">Float vector or image features.</param>
    /// <param name="labelColumnName">Key label.</param>
    /// <param name="strategy">Sampling strategy; null for <see cref="SamplingStrategy.Auto"/> (every class down to the minority count).</param>
    public static RandomUnderSampler RandomUnderSampler(this SamplingCatalog catalog, string featureColumnName = "Features", string labelColumnName = "Label", SamplingStrategy? strategy = null) =>
        catalog.RandomUnderSampler(new RandomUnderSamplerOptions
        {
            FeatureColumnName = featureColumnName,
            LabelColumnName = labelColumnName,
            SamplingStrategy = strategy ?? SamplingStrategy.Auto,
        });

    /// <summary>Random under-sampling with all options.</summary>
    public static RandomUnderSampler RandomUnderSampler(this SamplingCatalog catalog, RandomUnderSamplerOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new RandomUnderSampler(options, catalog.Context.NextComponentSeed());
    }
}
