using PipelineExtensions.Augmentation;

namespace PipelineExtensions;

/// <summary>Erasing augmentations in <c>ctx.Augmentation</c>: Random Erasing and Cutout.</summary>
public static class ErasingCatalogExtensions
{
    /// <summary>Random Erasing with torchvision's defaults and erase probability <paramref name="probability"/>.</summary>
    public static RandomErasing RandomErasing(this AugmentationCatalog catalog, double probability = 0.5) =>
        RandomErasing(catalog, new RandomErasingOptions { Probability = probability });

    /// <summary>Random Erasing with the given options.</summary>
    public static RandomErasing RandomErasing(this AugmentationCatalog catalog, RandomErasingOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new RandomErasing(options);
    }

    /// <summary>Cutout: one <paramref name="size"/>×<paramref name="size"/> square per image, set to 0.</summary>
    public static Cutout Cutout(this AugmentationCatalog catalog, int size) =>
        Cutout(catalog, new CutoutOptions { Size = size });

    /// <summary>Cutout with the given options.</summary>
    public static Cutout Cutout(this AugmentationCatalog catalog, CutoutOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new Cutout(options);
    }
}
