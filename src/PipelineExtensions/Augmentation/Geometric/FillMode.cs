namespace PipelineExtensions.Augmentation;

/// <summary>
/// How a geometric augmentation fills output pixels whose source lies outside the input image. The
/// semantics are Keras' (<c>keras.ops.image.affine_transform</c>, <c>fill_mode</c>): shown for a row
/// <c>a b c d</c> extended past both edges.
/// </summary>
public enum FillMode
{
    /// <summary><c>k k k k | a b c d | k k k k</c>: every value beyond the edge is the constant fill value k.</summary>
    Constant,

    /// <summary><c>d c b a | a b c d | d c b a</c>: reflected about the edge of the last pixel (the edge pixel repeats). Keras' default.</summary>
    Reflect,

    /// <summary><c>a b c d | a b c d | a b c d</c>: wrapped around to the opposite edge.</summary>
    Wrap,

    /// <summary><c>a a a a | a b c d | d d d d</c>: extended by the nearest edge pixel.</summary>
    Nearest,
}
