namespace PipelineExtensions.Augmentation;

/// <summary>Options of <see cref="RandomSaturation"/>.</summary>
public sealed class RandomSaturationOptions : ColorFactorOptions;

/// <summary>
/// Blends each pixel with its own grey level: <c>f·x + (1 − f)·grey</c>, clamped (torchvision's <c>adjust_saturation</c>);
/// RGB images only.
/// </summary>
public sealed class RandomSaturation : ColorFactorAugmentation
{
    /// <summary>Creates the augmentation; options are validated and copied.</summary>
    public RandomSaturation(RandomSaturationOptions options) : base(options)
    {
    }

    /// <inheritdoc />
    public override string Name => nameof(RandomSaturation);

    internal override void CheckShape(ImageShape shape) => RequireRgb(shape);

    private protected override void Adjust(Span<float> image, ImageShape shape, float factor, AugmentationWorkspace workspace) =>
        ColorAdjust.Saturation(image, shape, factor, workspace.Scratch(shape.Plane), workspace.MaxPixelValue);
}
