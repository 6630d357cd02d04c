using PipelineExtensions.Augmentation;
using PipelineExtensions.Data;

namespace PipelineExtensions.Neural.Diagnostics;

/// <summary>
/// The augmentation recipes the <c>Augment</c> remedy names ("RandomAffine+RandomErasing", ...), built with
/// <c>ctx.Augmentation</c> and settings mild enough to keep a garment a garment: ±10° rotation, ±8 % shift,
/// 0.9–1.1 zoom; erasing with probability 0.5; horizontal flips; a crop after padding by 1/14 of the height.
/// </summary>
public static class RemedyAugmentations
{
    /// <summary>The step names a recipe may join with '+'.</summary>
    public static IReadOnlyList<string> Names { get; } = ["RandomAffine", "RandomErasing", "RandomFlip", "RandomCrop"];

    /// <summary>Composes the recipe <paramref name="names"/> for images of <paramref name="image"/>'s shape.</summary>
    /// <exception cref="ArgumentException">A name is not one of <see cref="Names"/>, or the list is empty.</exception>
    public static AugmentationPipeline Compose(AugmentationCatalog catalog, IEnumerable<string> names, ImageType image)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(image);
        var steps = names.Select<string, ImageAugmentation>(name => name switch
        {
            "RandomAffine" => catalog.RandomAffine(degrees: 10, translate: 0.08, scaleMin: 0.9, scaleMax: 1.1),
            "RandomErasing" => catalog.RandomErasing(0.5),
            "RandomFlip" => catalog.RandomFlip(),
            "RandomCrop" => catalog.RandomCrop(image.Height, image.Width, padding: Math.Max(1, image.Height / 14)),
            _ => throw new ArgumentException($"Unknown augmentation '{name}'; expected one of {string.Join(", ", Names)}.", nameof(names)),
        }).ToArray();
        if (steps.Length == 0)
            throw new ArgumentException("An augmentation recipe needs at least one step.", nameof(names));
        return catalog.Compose(steps);
    }
}
