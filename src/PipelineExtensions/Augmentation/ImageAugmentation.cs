namespace PipelineExtensions.Augmentation;

/// <summary>
/// One random image augmentation (a flip, a rotation, a brightness jitter, Mixup...), created through
/// <c>ctx.Augmentation</c> and combined into an <see cref="AugmentationPipeline"/> with
/// <c>ctx.Augmentation.Compose(...)</c>. Augmentations hold only their validated parameters; randomness comes
/// from the pipeline's seed, so one augmentation object can be shared by several pipelines.
/// </summary>
/// <remarks>
/// Three families run at three stages of a pipeline: <see cref="GeometricAugmentation"/> steps compose into one
/// affine map per image and resample once; <see cref="PixelAugmentation"/> steps (colour, noise, erasing) then
/// change pixel values in place; <see cref="MixingAugmentation"/> steps (Mixup, CutMix) finally mix images of a
/// mini-batch and produce soft labels.
/// </remarks>
public abstract class ImageAugmentation
{
    // The families are closed: the pipeline knows how to run each of them.
    private protected ImageAugmentation()
    {
    }

    /// <summary>A short name, e.g. "RandomRotation".</summary>
    public abstract string Name { get; }

    /// <summary>The name with its parameters, for logs and reports.</summary>
    public override string ToString() => $"{Name}({Describe()})";

    /// <summary>The parameters as "name=value" pairs.</summary>
    private protected abstract string Describe();
}
