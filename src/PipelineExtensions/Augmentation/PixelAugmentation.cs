using PipelineExtensions.Randomness;

namespace PipelineExtensions.Augmentation;

/// <summary>
/// An augmentation that changes pixel values of one image in place after the geometric resample: colour jitter,
/// noise, erasing. Pixel values are expected in [0, <see cref="AugmentationPipeline.MaxPixelValue"/>]; colour
/// steps clamp to that range as torchvision does.
/// </summary>
public abstract class PixelAugmentation : ImageAugmentation
{
    private protected PixelAugmentation()
    {
    }

    /// <summary>Throws when the step cannot work on images of this shape (e.g. hue on one channel).</summary>
    internal virtual void CheckShape(ImageShape shape)
    {
    }

    /// <summary>Throws unless the images have three channels (colour steps).</summary>
    private protected void RequireRgb(ImageShape shape)
    {
        if (shape.Channels != 3)
            throw new ArgumentException($"{Name} needs RGB images (3 channels); these have {shape.Channels} ({shape}).");
    }

    /// <summary>Changes <paramref name="image"/> (C×H×W) in place, drawing from <paramref name="rng"/>.</summary>
    internal abstract void Apply(Span<float> image, ImageShape shape, SeededRandom rng, AugmentationWorkspace workspace);
}
