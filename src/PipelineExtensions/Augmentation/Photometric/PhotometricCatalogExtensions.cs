using PipelineExtensions.Augmentation;

namespace PipelineExtensions;

/// <summary>Colour and noise augmentations in <c>ctx.Augmentation</c> (torchvision's ColorJitter parts, Keras' GaussianNoise).</summary>
public static class PhotometricCatalogExtensions
{
    /// <summary>Brightness factor in [max(0, 1 − <paramref name="delta"/>), 1 + <paramref name="delta"/>] (torchvision's <c>ColorJitter(brightness=delta)</c>).</summary>
    public static RandomBrightness RandomBrightness(this AugmentationCatalog catalog, double delta) =>
        RandomBrightness(catalog, new RandomBrightnessOptions { MinFactor = Math.Max(0, 1 - delta), MaxFactor = 1 + delta });

    /// <summary>Brightness jitter with the given options.</summary>
    public static RandomBrightness RandomBrightness(this AugmentationCatalog catalog, RandomBrightnessOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new RandomBrightness(options);
    }

    /// <summary>Contrast factor in [max(0, 1 − <paramref name="delta"/>), 1 + <paramref name="delta"/>].</summary>
    public static RandomContrast RandomContrast(this AugmentationCatalog catalog, double delta) =>
        RandomContrast(catalog, new RandomContrastOptions { MinFactor = Math.Max(0, 1 - delta), MaxFactor = 1 + delta });

    /// <summary>Contrast jitter with the given options.</summary>
    public static RandomContrast RandomContrast(this AugmentationCatalog catalog, RandomContrastOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new RandomContrast(options);
    }

    /// <summary>Saturation factor in [max(0, 1 − <paramref name="delta"/>), 1 + <paramref name="delta"/>] (RGB images).</summary>
    public static RandomSaturation RandomSaturation(this AugmentationCatalog catalog, double delta) =>
        RandomSaturation(catalog, new RandomSaturationOptions { MinFactor = Math.Max(0, 1 - delta), MaxFactor = 1 + delta });

    /// <summary>Saturation jitter with the given options.</summary>
    public static RandomSaturation RandomSaturation(this AugmentationCatalog catalog, RandomSaturationOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new RandomSaturation(options);
    }

    /// <summary>Hue shift in [−<paramref name="maxShift"/>, <paramref name="maxShift"/>] turns (RGB images; torchvision's <c>ColorJitter(hue=maxShift)</c>).</summary>
    public static RandomHue RandomHue(this AugmentationCatalog catalog, double maxShift) =>
        RandomHue(catalog, new RandomHueOptions { MinShift = -maxShift, MaxShift = maxShift });

    /// <summary>Hue jitter with the given options.</summary>
    public static RandomHue RandomHue(this AugmentationCatalog catalog, RandomHueOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new RandomHue(options);
    }

    /// <summary>Adds N(0, <paramref name="stdDev"/>²) noise to every value.</summary>
    public static GaussianNoise GaussianNoise(this AugmentationCatalog catalog, double stdDev) =>
        GaussianNoise(catalog, new GaussianNoiseOptions { StdDev = stdDev });

    /// <summary>Gaussian noise with the given options.</summary>
    public static GaussianNoise GaussianNoise(this AugmentationCatalog catalog, GaussianNoiseOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new GaussianNoise(options);
    }
}
