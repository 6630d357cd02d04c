using PipelineExtensions.Sampling;

namespace PipelineExtensions;

/// <summary>Over-sampling followed by cleaning in <c>ctx.Sampling</c>: SMOTE + Tomek links, SMOTE + ENN.</summary>
public static class CombineCatalogExtensions
{
    /// <summary>SMOTE, then removal of Tomek links from every class.</summary>
    /// <param name="catalog">The sampling catalog.</param>
    /// <param name="featureColumnName">Float vector features.</param>
    /// <param name="labelColumnName">Key label.</param>
    /// <param name="neighbourCount">SMOTE's k; default 5.</param>
    /// <param name="strategy">SMOTE's sampling strategy; null for <see cref="SamplingStrategy.Auto"/>.</param>
    public static SmoteTomek SmoteTomek(this SamplingCatalog catalog, string featureColumnName = "Features", string labelColumnName = "Label", int neighbourCount = 5, SamplingStrategy? strategy = null) =>
        catalog.SmoteTomek(new SmoteTomekOptions
        {
            FeatureColumnName = featureColumnName,
            LabelColumnName = labelColumnName,
            NeighbourCount = neighbourCount,
            SamplingStrategy = strategy ?? SamplingStrategy.Auto,
        });

    /// <summary>SMOTE + Tomek links with all options.</summary>
    public static SmoteTomek SmoteTomek(this SamplingCatalog catalog, SmoteTomekOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new SmoteTomek(options, catalog.Context.NextComponentSeed());
    }

    /// <summary>SMOTE, then edited nearest neighbours (k = 3, all must agree) on every class.</summary>
    /// <param name="catalog">The sampling catalog.</param>
    /// <param name="featureColumnName">Float vector features.</param>
    /// <param name="labelColumnName">Key label.</param>
    /// <param name="neighbourCount">SMOTE's k; default 5.</param>
    /// <param name="strategy">SMOTE's sampling strategy; null for <see cref="SamplingStrategy.Auto"/>.</param>
    public static SmoteEnn SmoteEnn(this SamplingCatalog catalog, string featureColumnName = "Features", string labelColumnName = "Label", int neighbourCount = 5, SamplingStrategy? strategy = null) =>
        catalog.SmoteEnn(new SmoteEnnOptions
        {
            FeatureColumnName = featureColumnName,
            LabelColumnName = labelColumnName,
            NeighbourCount = neighbourCount,
            SamplingStrategy = strategy ?? SamplingStrategy.Auto,
        });

    /// <summary>SMOTE + ENN with all options.</summary>
    public static SmoteEnn SmoteEnn(this SamplingCatalog catalog, SmoteEnnOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new SmoteEnn(options, catalog.Context.NextComponentSeed());
    }
}
