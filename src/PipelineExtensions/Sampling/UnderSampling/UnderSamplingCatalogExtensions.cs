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

    /// <summary>Removes Tomek links (mutual nearest neighbours of different classes) from the targeted classes.</summary>
    /// <param name="catalog">The sampling catalog.</param>
    /// <param name="featureColumnName">Float vector features.</param>
    /// <param name="labelColumnName">Key label.</param>
    /// <param name="strategy">Classes to clean; null for <see cref="SamplingStrategy.Auto"/> (all but the minority).</param>
    public static TomekLinks TomekLinks(this SamplingCatalog catalog, string featureColumnName = "Features", string labelColumnName = "Label", SamplingStrategy? strategy = null) =>
        catalog.TomekLinks(new TomekLinksOptions { FeatureColumnName = featureColumnName, LabelColumnName = labelColumnName, SamplingStrategy = strategy ?? SamplingStrategy.Auto });

    /// <summary>Tomek-link removal with all options.</summary>
    public static TomekLinks TomekLinks(this SamplingCatalog catalog, TomekLinksOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new TomekLinks(options, catalog.Context.NextComponentSeed());
    }

    /// <summary>Edited nearest neighbours: removes targeted-class rows that their k nearest rows disagree with.</summary>
    /// <param name="catalog">The sampling catalog.</param>
    /// <param name="featureColumnName">Float vector features.</param>
    /// <param name="labelColumnName">Key label.</param>
    /// <param name="neighbourCount">k (n_neighbors); default 3.</param>
    /// <param name="selection">Keep rule; default <see cref="EnnSelection.All"/>.</param>
    /// <param name="strategy">Classes to clean; null for <see cref="SamplingStrategy.Auto"/> (all but the minority).</param>
    public static EditedNearestNeighbours EditedNearestNeighbours(this SamplingCatalog catalog, string featureColumnName = "Features", string labelColumnName = "Label",
        int neighbourCount = 3, EnnSelection selection = EnnSelection.All, SamplingStrategy? strategy = null) =>
        catalog.EditedNearestNeighbours(new EditedNearestNeighboursOptions
        {
            FeatureColumnName = featureColumnName,
            LabelColumnName = labelColumnName,
            NeighbourCount = neighbourCount,
            Selection = selection,
            SamplingStrategy = strategy ?? SamplingStrategy.Auto,
        });

    /// <summary>Edited nearest neighbours with all options.</summary>
    public static EditedNearestNeighbours EditedNearestNeighbours(this SamplingCatalog catalog, EditedNearestNeighboursOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new EditedNearestNeighbours(options, catalog.Context.NextComponentSeed());
    }
}
