namespace PipelineExtensions.Augmentation;

/// <summary>Options of <see cref="RandomBrightness"/>.</summary>
public sealed class RandomBrightnessOptions : ColorFactorOptions;

/// <summary>
/// Multiplies every value by a random factor and clamps to [0, MaxPixelValue] (torchvision's
/// <c>ColorJitter(brightness)</c> / <c>adjust_brightness</c>).
/// </summary>
public sealed class RandomBrightness : ColorFactorAugmentation
{
    /// <summary>Creates the augmentation; options are validated and copied.</summary>
    public RandomBrightness(RandomBrightnessOptions options) : base(options)
    {
    }

    /// <inheritdoc />
    public override string Name => nameof(RandomBrightness);

    private protected override void Adjust(Span<float> image, ImageShape shape, float factor, AugmentationWorkspace workspace) =>
        ColorAdjust.Brightness(image[..shape.Size], factor, workspace.MaxPixelValue);
}
