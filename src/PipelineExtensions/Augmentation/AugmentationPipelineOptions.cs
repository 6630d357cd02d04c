namespace PipelineExtensions.Augmentation;

/// <summary>Options of an <see cref="AugmentationPipeline"/>: how its single resample reads and fills, the value range, the seed.</summary>
public sealed class AugmentationPipelineOptions
{
    /// <summary>How pixels mapped from outside the input are filled. Default <see cref="FillMode.Reflect"/> (Keras' default).</summary>
    public FillMode FillMode { get; set; } = FillMode.Reflect;

    /// <summary>The value used by <see cref="FillMode.Constant"/>. Default 0.</summary>
    public float FillValue { get; set; }

    /// <summary>Interpolation of the resample. Default <see cref="Interpolation.Bilinear"/>.</summary>
    public Interpolation Interpolation { get; set; } = Interpolation.Bilinear;

    /// <summary>
    /// The upper end of the pixel value range, positive: 1 for images scaled to [0, 1] (the loaders' default),
    /// 255 for unscaled 8-bit values. Colour steps clamp to [0, MaxPixelValue]. Default 1.
    /// </summary>
    public float MaxPixelValue { get; set; } = 1f;

    /// <summary>Seed of the pipeline's random streams; null takes the next component seed of the context.</summary>
    public int? Seed { get; set; }
}
