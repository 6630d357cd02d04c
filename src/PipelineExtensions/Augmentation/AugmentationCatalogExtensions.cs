using PipelineExtensions.Augmentation;

namespace PipelineExtensions;

/// <summary>Builds augmentation pipelines: <c>ctx.Augmentation.Compose(...)</c>.</summary>
public static class AugmentationCatalogExtensions
{
    /// <summary>
    /// Combines augmentations into a pipeline with Keras' defaults (reflect fill, bilinear interpolation, values in
    /// [0, 1]) and the context's next component seed.
    /// </summary>
    /// <param name="catalog">The augmentation catalog.</param>
    /// <param name="steps">The augmentations; geometric ones compose into a single resample.</param>
    public static AugmentationPipeline Compose(this AugmentationCatalog catalog, params ImageAugmentation[] steps) =>
        Compose(catalog, new AugmentationPipelineOptions(), steps);

    /// <summary>Combines augmentations into a pipeline with the given fill mode, interpolation, value range and seed.</summary>
    /// <param name="catalog">The augmentation catalog.</param>
    /// <param name="options">Pipeline options; a null seed takes the context's next component seed.</param>
    /// <param name="steps">The augmentations; geometric ones compose into a single resample.</param>
    public static AugmentationPipeline Compose(this AugmentationCatalog catalog, AugmentationPipelineOptions options, params ImageAugmentation[] steps)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        var resolved = new AugmentationPipelineOptions
        {
            FillMode = options.FillMode,
            FillValue = options.FillValue,
            Interpolation = options.Interpolation,
            MaxPixelValue = options.MaxPixelValue,
            Seed = options.Seed ?? catalog.Context.NextComponentSeed(),
        };
        return new AugmentationPipeline(steps, resolved);
    }
}
