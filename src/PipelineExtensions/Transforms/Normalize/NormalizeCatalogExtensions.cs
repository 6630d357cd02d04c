using PipelineExtensions.Transforms.Normalize;

namespace PipelineExtensions;

/// <summary>Normalization (<c>ctx.Transforms.NormalizeMinMax</c>, <c>ctx.Transforms.NormalizeMeanVariance</c>); statistics come from the training data only.</summary>
public static class NormalizeCatalogExtensions
{
    /// <summary>
    /// Scales each slot linearly so that its training minimum maps to 0 and its training maximum to 1
    /// (scikit-learn's MinMaxScaler). New data outside the training range maps outside [0, 1].
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The column written (replaced if present).</param>
    /// <param name="inputColumnName">The column read (Single, Double, Vector or Image); null: the output column.</param>
    public static NormalizingEstimator NormalizeMinMax(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null) =>
        NormalizeMinMax(catalog, new MinMaxNormalizerOptions { OutputColumnName = outputColumnName, InputColumnName = inputColumnName });

    /// <summary>Min-max normalization with the given <paramref name="options"/> (target range).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">Columns and target range.</param>
    public static NormalizingEstimator NormalizeMinMax(this TransformsCatalog catalog, MinMaxNormalizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new NormalizingEstimator(options);
    }

    /// <summary>
    /// Standardizes each slot with its training mean and population standard deviation:
    /// <c>(x − mean) / std</c> (scikit-learn's StandardScaler).
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The column written (replaced if present).</param>
    /// <param name="inputColumnName">The column read (Single, Double, Vector or Image); null: the output column.</param>
    public static NormalizingEstimator NormalizeMeanVariance(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null) =>
        NormalizeMeanVariance(catalog, new MeanVarianceNormalizerOptions { OutputColumnName = outputColumnName, InputColumnName = inputColumnName });

    /// <summary>Mean-variance normalization with the given <paramref name="options"/> (centering on or off).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">Columns and centering.</param>
    public static NormalizingEstimator NormalizeMeanVariance(this TransformsCatalog catalog, MeanVarianceNormalizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new NormalizingEstimator(options);
    }
}
