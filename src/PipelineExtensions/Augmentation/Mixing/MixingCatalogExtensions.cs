using PipelineExtensions.Augmentation;

namespace PipelineExtensions;

/// <summary>Batch-level mixing augmentations in <c>ctx.Augmentation</c>: Mixup and CutMix (online only; they produce soft labels).</summary>
public static class MixingCatalogExtensions
{
    /// <summary>Mixup with λ ~ Beta(<paramref name="alpha"/>, <paramref name="alpha"/>).</summary>
    public static Mixup Mixup(this AugmentationCatalog catalog, double alpha = 0.2) =>
        Mixup(catalog, new MixupOptions { Alpha = alpha });

    /// <summary>Mixup with the given options.</summary>
    public static Mixup Mixup(this AugmentationCatalog catalog, MixupOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new Mixup(options);
    }

    /// <summary>CutMix with λ ~ Beta(<paramref name="alpha"/>, <paramref name="alpha"/>).</summary>
    public static CutMix CutMix(this AugmentationCatalog catalog, double alpha = 1.0) =>
        CutMix(catalog, new CutMixOptions { Alpha = alpha });

    /// <summary>CutMix with the given options.</summary>
    public static CutMix CutMix(this AugmentationCatalog catalog, CutMixOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new CutMix(options);
    }
}
