using PipelineExtensions.Sampling;

namespace PipelineExtensions;

/// <summary>Over-samplers in <c>ctx.Sampling</c>: random over-sampling and the SMOTE family.</summary>
public static class OverSamplingCatalogExtensions
{
    /// <summary>Random over-sampling: appends copies of randomly drawn rows of each targeted class.</summary>
    /// <param name="catalog">The sampling catalog.</param>
    /// <param name="featureColumnName">Float vector or image features.</param>
    /// <param name="labelColumnName">Key label.</param>
    /// <param name="strategy">Sampling strategy; null for <see cref="SamplingStrategy.Auto"/> (every class up to the majority count).</param>
    public static RandomOverSampler RandomOverSampler(this SamplingCatalog catalog, string featureColumnName = "Features", string labelColumnName = "Label", SamplingStrategy? strategy = null) =>
        catalog.RandomOverSampler(new RandomOverSamplerOptions
        {
            FeatureColumnName = featureColumnName,
            LabelColumnName = labelColumnName,
            SamplingStrategy = strategy ?? SamplingStrategy.Auto,
        });

    /// <summary>Random over-sampling with all options (including the smoothed bootstrap).</summary>
    public static RandomOverSampler RandomOverSampler(this SamplingCatalog catalog, RandomOverSamplerOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new RandomOverSampler(options, catalog.Context.NextComponentSeed());
    }

    /// <summary>SMOTE: synthetic rows interpolated between each class row and one of its k nearest same-class neighbours.</summary>
    /// <param name="catalog">The sampling catalog.</param>
    /// <param name="featureColumnName">Float vector features.</param>
    /// <param name="labelColumnName">Key label.</param>
    /// <param name="neighbourCount">k, the number of nearest neighbours (k_neighbors); default 5.</param>
    /// <param name="strategy">Sampling strategy; null for <see cref="SamplingStrategy.Auto"/>.</param>
    public static Smote Smote(this SamplingCatalog catalog, string featureColumnName = "Features", string labelColumnName = "Label", int neighbourCount = 5, SamplingStrategy? strategy = null) =>
        catalog.Smote(new SmoteOptions
        {
            FeatureColumnName = featureColumnName,
            LabelColumnName = labelColumnName,
            NeighbourCount = neighbourCount,
            SamplingStrategy = strategy ?? SamplingStrategy.Auto,
        });

    /// <summary>SMOTE with all options.</summary>
    public static Smote Smote(this SamplingCatalog catalog, SmoteOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new Smote(options, catalog.Context.NextComponentSeed());
    }

    /// <summary>Borderline-SMOTE: SMOTE from the rows in DANGER (near the class border) only.</summary>
    /// <param name="catalog">The sampling catalog.</param>
    /// <param name="featureColumnName">Float vector features.</param>
    /// <param name="labelColumnName">Key label.</param>
    /// <param name="kind">Borderline-1 (default) or borderline-2.</param>
    /// <param name="neighbourCount">k, same-class neighbours to interpolate towards; default 5.</param>
    /// <param name="dangerNeighbourCount">m, neighbours that decide DANGER; default 10.</param>
    /// <param name="strategy">Sampling strategy; null for <see cref="SamplingStrategy.Auto"/>.</param>
    public static BorderlineSmote BorderlineSmote(this SamplingCatalog catalog, string featureColumnName = "Features", string labelColumnName = "Label",
        BorderlineKind kind = BorderlineKind.Borderline1, int neighbourCount = 5, int dangerNeighbourCount = 10, SamplingStrategy? strategy = null) =>
        catalog.BorderlineSmote(new BorderlineSmoteOptions
        {
            FeatureColumnName = featureColumnName,
            LabelColumnName = labelColumnName,
            Kind = kind,
            NeighbourCount = neighbourCount,
            DangerNeighbourCount = dangerNeighbourCount,
            SamplingStrategy = strategy ?? SamplingStrategy.Auto,
        });

    /// <summary>Borderline-SMOTE with all options.</summary>
    public static BorderlineSmote BorderlineSmote(this SamplingCatalog catalog, BorderlineSmoteOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new BorderlineSmote(options, catalog.Context.NextComponentSeed());
    }

    /// <summary>ADASYN: more synthetic rows from class rows whose neighbourhood is mostly other classes.</summary>
    /// <param name="catalog">The sampling catalog.</param>
    /// <param name="featureColumnName">Float vector features.</param>
    /// <param name="labelColumnName">Key label.</param>
    /// <param name="neighbourCount">k (n_neighbors); default 5.</param>
    /// <param name="strategy">Sampling strategy; null for <see cref="SamplingStrategy.Auto"/>.</param>
    public static Adasyn Adasyn(this SamplingCatalog catalog, string featureColumnName = "Features", string labelColumnName = "Label", int neighbourCount = 5, SamplingStrategy? strategy = null) =>
        catalog.Adasyn(new AdasynOptions
        {
            FeatureColumnName = featureColumnName,
            LabelColumnName = labelColumnName,
            NeighbourCount = neighbourCount,
            SamplingStrategy = strategy ?? SamplingStrategy.Auto,
        });

    /// <summary>ADASYN with all options.</summary>
    public static Adasyn Adasyn(this SamplingCatalog catalog, AdasynOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new Adasyn(options, catalog.Context.NextComponentSeed());
    }

    /// <summary>SMOTE-NC: SMOTE for continuous features with categorical columns (or vector elements) voted from the neighbours.</summary>
    /// <param name="catalog">The sampling catalog.</param>
    /// <param name="categoricalColumnNames">Categorical columns (Key, Text, Int32 or Boolean).</param>
    /// <param name="featureColumnName">Float vector of the continuous features.</param>
    /// <param name="labelColumnName">Key label.</param>
    /// <param name="neighbourCount">k; default 5.</param>
    /// <param name="strategy">Sampling strategy; null for <see cref="SamplingStrategy.Auto"/>.</param>
    public static SmoteNC SmoteNC(this SamplingCatalog catalog, IReadOnlyList<string> categoricalColumnNames, string featureColumnName = "Features", string labelColumnName = "Label",
        int neighbourCount = 5, SamplingStrategy? strategy = null) =>
        catalog.SmoteNC(new SmoteNCOptions
        {
            CategoricalColumnNames = categoricalColumnNames,
            FeatureColumnName = featureColumnName,
            LabelColumnName = labelColumnName,
            NeighbourCount = neighbourCount,
            SamplingStrategy = strategy ?? SamplingStrategy.Auto,
        });

    /// <summary>SMOTE-NC with all options (categorical columns and/or categorical vector elements).</summary>
    public static SmoteNC SmoteNC(this SamplingCatalog catalog, SmoteNCOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new SmoteNC(options, catalog.Context.NextComponentSeed());
    }
}
