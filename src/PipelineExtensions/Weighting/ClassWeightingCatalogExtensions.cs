using PipelineExtensions.Weighting;

namespace PipelineExtensions;

/// <summary>Class weights in <c>ctx.Transforms</c>: an example-weight column from per-class weights.</summary>
public static class ClassWeightingCatalogExtensions
{
    /// <summary>
    /// Adds an example-weight column holding each row's class weight, learned from the training labels
    /// (scikit-learn's <c>compute_sample_weight</c> for <see cref="ClassWeightScheme.Balanced"/>).
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="labelColumnName">Key label column.</param>
    /// <param name="outputColumnName">The Single weight column written (replaced if present).</param>
    /// <param name="scheme">The formula; default balanced.</param>
    /// <example>
    /// <code>
    /// var pipeline = ctx.Transforms.AddClassWeights("Label", "Weight").Append(trainerWithWeightColumn);
    /// </code>
    /// </example>
    public static ClassWeightEstimator AddClassWeights(this TransformsCatalog catalog, string labelColumnName = "Label", string outputColumnName = "Weight", ClassWeightScheme scheme = ClassWeightScheme.Balanced) =>
        catalog.AddClassWeights(new ClassWeightOptions { LabelColumnName = labelColumnName, OutputColumnName = outputColumnName, Scheme = scheme });

    /// <summary>Adds an example-weight column with all options (scheme, β, custom weights, normalisation, input weights).</summary>
    public static ClassWeightEstimator AddClassWeights(this TransformsCatalog catalog, ClassWeightOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ClassWeightEstimator(options);
    }
}
