namespace PipelineExtensions.Augmentation;

/// <summary>Options of <see cref="RandomContrast"/>.</summary>
public sealed class RandomContrastOptions : ColorFactorOptions;

/// <summary>
/// Blends each image with its mean grey level: <c>f·x + (1 − f)·mean</c>, clamped (torchvision's <c>adjust_contrast</c>;
/// the mean uses ITU-R 601 luma weights for RGB).
/// </summary>
public sealed class RandomContrast : ColorFactorAugmentation
{
    /// <summary>Creates the augmentation; options are validated and copied.</summary>
    public RandomContrast(RandomContrastOptions options) : base(options)
    {
    }

    /// <inheritdoc />
    public override string Name => nameof(RandomContrast);

    private protected override void Adjust(Span<float> image, ImageShape shape, float factor, AugmentationWorkspace workspace) =>
        ColorAdjust.Contrast(image, shape, factor, workspace.MaxPixelValue);
}
