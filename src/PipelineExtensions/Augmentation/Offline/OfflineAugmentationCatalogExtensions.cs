using Microsoft.Extensions.Logging;
using PipelineExtensions.Augmentation;

namespace PipelineExtensions;

/// <summary>Offline (train-only) augmentation in <c>ctx.Augmentation</c>.</summary>
public static class OfflineAugmentationCatalogExtensions
{
    /// <summary>
    /// A train-only step that appends <paramref name="copies"/> augmented copies of every row, augmenting
    /// <paramref name="imageColumnName"/> with <paramref name="pipeline"/>.
    /// </summary>
    public static OfflineAugmentation AugmentImages(this AugmentationCatalog catalog, string imageColumnName, AugmentationPipeline pipeline, int copies = 1) =>
        AugmentImages(catalog, pipeline, new OfflineAugmentationOptions { ImageColumnName = imageColumnName, Copies = copies });

    /// <summary>
    /// A train-only step with the given options: append copies (optionally of chosen classes only) or augment the
    /// duplicates of a random over-sampler ("augmented over-sampling").
    /// </summary>
    /// <example>
    /// <code>
    /// // Over-sample the minority classes, then make the added duplicates new variants instead of identical copies.
    /// var pipeline = ctx.Sampling.RandomOverSampler("Image", "Label")
    ///     .Append(ctx.Augmentation.AugmentImages(augment, new OfflineAugmentationOptions
    ///     {
    ///         ImageColumnName = "Image",
    ///         Mode = OfflineAugmentationMode.AugmentDuplicates,
    ///     }))
    ///     .Append(trainer);
    /// </code>
    /// </example>
    public static OfflineAugmentation AugmentImages(this AugmentationCatalog catalog, AugmentationPipeline pipeline, OfflineAugmentationOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new OfflineAugmentation(pipeline, options, catalog.Context.LoggerFactory.CreateLogger<OfflineAugmentation>());
    }
}
