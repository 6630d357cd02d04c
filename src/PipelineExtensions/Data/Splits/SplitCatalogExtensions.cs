using PipelineExtensions.Data;
using PipelineExtensions.Data.Splits;

namespace PipelineExtensions;

/// <summary>Stratified hold-out splits and k-fold (<c>ctx.Data.StratifiedTrainValidationSplit</c>, <c>ctx.Data.StratifiedKFold</c>).</summary>
public static class SplitCatalogExtensions
{
    /// <summary>
    /// Splits <paramref name="data"/> into training and validation rows, keeping every class's share: each class
    /// sends ⌊nᶜ·f⌋ or ⌈nᶜ·f⌉ of its rows to validation (within one row of the exact ratio), round(N·f) in total.
    /// Rows keep their original order within each part.
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="data">The table to split.</param>
    /// <param name="labelColumnName">The class column (Key, Text, Int32 or Boolean).</param>
    /// <param name="validationFraction">Share of rows for validation, in (0, 1).</param>
    /// <param name="seed">Seed of the shuffle; null takes the context's next component seed.</param>
    /// <exception cref="SchemaMismatchException">The label column is missing or of another type.</exception>
    /// <example><code>
    /// var (train, validation, _, _) = ctx.Data.StratifiedTrainValidationSplit(data, "Label", 0.2, seed: 42);
    /// </code></example>
    public static TrainValidationSplit StratifiedTrainValidationSplit(this DataCatalog catalog, DataTable data, string labelColumnName = "Label", double validationFraction = 0.2, int? seed = null) =>
        StratifiedTrainValidationSplit(catalog, data, new StratifiedSplitOptions { LabelColumnName = labelColumnName, ValidationFraction = validationFraction, Seed = seed });

    /// <summary>Stratified hold-out split with the given <paramref name="options"/>.</summary>
    /// <inheritdoc cref="StratifiedTrainValidationSplit(DataCatalog, DataTable, string, double, int?)"/>
    public static TrainValidationSplit StratifiedTrainValidationSplit(this DataCatalog catalog, DataTable data, StratifiedSplitOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        return Stratification.Split(data, options, options.Seed ?? catalog.Context.NextComponentSeed());
    }

    /// <summary>
    /// Stratified k-fold: every row is in exactly one validation fold; each class puts ⌊nᶜ/k⌋ or ⌈nᶜ/k⌉ rows
    /// into every fold, and fold sizes differ by at most one.
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="data">The table to split.</param>
    /// <param name="folds">Number of folds k (at least 2, at most the row count).</param>
    /// <param name="labelColumnName">The class column (Key, Text, Int32 or Boolean).</param>
    /// <param name="seed">Seed of the shuffle; null takes the context's next component seed.</param>
    /// <returns>k splits; split i validates on fold i and trains on the others.</returns>
    public static IReadOnlyList<TrainValidationSplit> StratifiedKFold(this DataCatalog catalog, DataTable data, int folds = 5, string labelColumnName = "Label", int? seed = null) =>
        StratifiedKFold(catalog, data, new StratifiedKFoldOptions { Folds = folds, LabelColumnName = labelColumnName, Seed = seed });

    /// <summary>Stratified k-fold with the given <paramref name="options"/>.</summary>
    /// <inheritdoc cref="StratifiedKFold(DataCatalog, DataTable, int, string, int?)"/>
    public static IReadOnlyList<TrainValidationSplit> StratifiedKFold(this DataCatalog catalog, DataTable data, StratifiedKFoldOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        return Stratification.KFold(data, options, options.Seed ?? catalog.Context.NextComponentSeed());
    }
}
