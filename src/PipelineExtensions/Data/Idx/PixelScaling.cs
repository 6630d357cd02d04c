namespace PipelineExtensions.Data.Idx;

/// <summary>How 8-bit pixel values become float32 image values when images are loaded.</summary>
public enum PixelScaling
{
    /// <summary>Divide by 255: pixels in [0, 1], as torchvision's <c>ToTensor</c> produces. The default.</summary>
    UnitInterval,

    /// <summary>Keep the stored values (0..255 for 8-bit pixels).</summary>
    None,
}
