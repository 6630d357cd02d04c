using PipelineExtensions.Augmentation;

namespace PipelineExtensions;

/// <summary>Geometric augmentations in <c>ctx.Augmentation</c>: flips, rotations, shifts, shears, zooms, crops, resizes.</summary>
public static class GeometricCatalogExtensions
{
    /// <summary>Flips left–right (or as <paramref name="mode"/> says), each allowed axis with probability 0.5.</summary>
    public static RandomFlip RandomFlip(this AugmentationCatalog catalog, FlipMode mode = FlipMode.Horizontal) =>
        RandomFlip(catalog, new RandomFlipOptions { Mode = mode });

    /// <summary>Flips with the given options.</summary>
    public static RandomFlip RandomFlip(this AugmentationCatalog catalog, RandomFlipOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new RandomFlip(options);
    }

    /// <summary>Rotates by an angle drawn from [−<paramref name="maxDegrees"/>, <paramref name="maxDegrees"/>] (counter-clockwise positive).</summary>
    public static RandomRotation RandomRotation(this AugmentationCatalog catalog, double maxDegrees) =>
        RandomRotation(catalog, new RandomRotationOptions { MinDegrees = -maxDegrees, MaxDegrees = maxDegrees });

    /// <summary>Rotates with the given options.</summary>
    public static RandomRotation RandomRotation(this AugmentationCatalog catalog, RandomRotationOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new RandomRotation(options);
    }

    /// <summary>Shifts by up to ±<paramref name="heightFactor"/> of the height and ±<paramref name="widthFactor"/> of the width.</summary>
    public static RandomTranslation RandomTranslation(this AugmentationCatalog catalog, double heightFactor, double widthFactor) =>
        RandomTranslation(catalog, new RandomTranslationOptions
        {
            HeightFactorLow = -heightFactor,
            HeightFactorHigh = heightFactor,
            WidthFactorLow = -widthFactor,
            WidthFactorHigh = widthFactor,
        });

    /// <summary>Shifts with the given options.</summary>
    public static RandomTranslation RandomTranslation(this AugmentationCatalog catalog, RandomTranslationOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new RandomTranslation(options);
    }

    /// <summary>Shears parallel to the x axis by an angle in [−<paramref name="maxDegreesX"/>, <paramref name="maxDegreesX"/>] and to the y axis by one in [−<paramref name="maxDegreesY"/>, <paramref name="maxDegreesY"/>].</summary>
    public static RandomShear RandomShear(this AugmentationCatalog catalog, double maxDegreesX, double maxDegreesY = 0) =>
        RandomShear(catalog, new RandomShearOptions { MinDegreesX = -maxDegreesX, MaxDegreesX = maxDegreesX, MinDegreesY = -maxDegreesY, MaxDegreesY = maxDegreesY });

    /// <summary>Shears with the given options.</summary>
    public static RandomShear RandomShear(this AugmentationCatalog catalog, RandomShearOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new RandomShear(options);
    }

    /// <summary>Zooms both axes together by 1 + z, z ∈ [−<paramref name="factor"/>, <paramref name="factor"/>] (Keras: positive z zooms out).</summary>
    public static RandomZoom RandomZoom(this AugmentationCatalog catalog, double factor) =>
        RandomZoom(catalog, new RandomZoomOptions { HeightFactorLow = -factor, HeightFactorHigh = factor });

    /// <summary>Zooms each axis independently: vertical factor in ±<paramref name="heightFactor"/>, horizontal in ±<paramref name="widthFactor"/>.</summary>
    public static RandomZoom RandomZoom(this AugmentationCatalog catalog, double heightFactor, double widthFactor) =>
        RandomZoom(catalog, new RandomZoomOptions
        {
            HeightFactorLow = -heightFactor,
            HeightFactorHigh = heightFactor,
            WidthFactorLow = -widthFactor,
            WidthFactorHigh = widthFactor,
        });

    /// <summary>Zooms with the given options.</summary>
    public static RandomZoom RandomZoom(this AugmentationCatalog catalog, RandomZoomOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new RandomZoom(options);
    }

    /// <summary>
    /// torchvision's <c>RandomAffine(degrees, translate=(t, t), scale=(scaleMin, scaleMax), shear=shear)</c> in one step.
    /// </summary>
    public static RandomAffine RandomAffine(this AugmentationCatalog catalog, double degrees, double translate = 0, double scaleMin = 1, double scaleMax = 1, double shear = 0) =>
        RandomAffine(catalog, new RandomAffineOptions
        {
            Degrees = degrees,
            TranslateX = translate,
            TranslateY = translate,
            ScaleMin = scaleMin,
            ScaleMax = scaleMax,
            ShearX = shear,
        });

    /// <summary>torchvision-style random affine with the given options.</summary>
    public static RandomAffine RandomAffine(this AugmentationCatalog catalog, RandomAffineOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new RandomAffine(options);
    }

    /// <summary>Cuts a <paramref name="height"/>×<paramref name="width"/> window at a random position of the image padded by <paramref name="padding"/>.</summary>
    public static RandomCrop RandomCrop(this AugmentationCatalog catalog, int height, int width, int padding = 0) =>
        RandomCrop(catalog, new RandomCropOptions { Height = height, Width = width, Padding = padding });

    /// <summary>Random crop with the given options.</summary>
    public static RandomCrop RandomCrop(this AugmentationCatalog catalog, RandomCropOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new RandomCrop(options);
    }

    /// <summary>Crops a random area (8–100 % of the image, aspect 3/4–4/3) and resizes it to <paramref name="height"/>×<paramref name="width"/>.</summary>
    public static RandomResizedCrop RandomResizedCrop(this AugmentationCatalog catalog, int height, int width) =>
        RandomResizedCrop(catalog, new RandomResizedCropOptions { Height = height, Width = width });

    /// <summary>Random resized crop with the given options.</summary>
    public static RandomResizedCrop RandomResizedCrop(this AugmentationCatalog catalog, RandomResizedCropOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new RandomResizedCrop(options);
    }

    /// <summary>Resizes every image to <paramref name="height"/>×<paramref name="width"/> inside the pipeline's resample.</summary>
    public static Resize Resize(this AugmentationCatalog catalog, int height, int width) =>
        Resize(catalog, new ResizeOptions { Height = height, Width = width });

    /// <summary>Resize with the given options.</summary>
    public static Resize Resize(this AugmentationCatalog catalog, ResizeOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new Resize(options);
    }
}
