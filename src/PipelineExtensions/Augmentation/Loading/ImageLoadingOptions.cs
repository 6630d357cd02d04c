using PipelineExtensions.Options;

namespace PipelineExtensions.Augmentation;

/// <summary>The colour layout of loaded images.</summary>
public enum ImageColorMode
{
    /// <summary>One channel: grey files as they are, colour files as luma 0.299·R + 0.587·G + 0.114·B.</summary>
    Grayscale,

    /// <summary>Three channels (R, G, B): grey files are repeated into all three.</summary>
    Rgb,
}

/// <summary>What the image loaders do with a file that cannot be read or decoded.</summary>
public enum ImageErrorPolicy
{
    /// <summary>Throw an <see cref="ImageDecodingException"/> naming the file (default).</summary>
    Throw,

    /// <summary>Leave the file out (its row is dropped) and count it in the log.</summary>
    Skip,
}

/// <summary>How image files become an image column: size, colour, value scale, error policy.</summary>
public class ImageLoadingOptions
{
    /// <summary>
    /// Height every image is resized to (with PIL's anti-aliased bilinear filter), or null to keep the files' size
    /// (then every file must have the same size). Set together with <see cref="Width"/>.
    /// </summary>
    public int? Height { get; set; }

    /// <summary>Width every image is resized to, or null (see <see cref="Height"/>).</summary>
    public int? Width { get; set; }

    /// <summary>Grey (1 channel) or RGB (3 channels). Default <see cref="ImageColorMode.Rgb"/>.</summary>
    public ImageColorMode ColorMode { get; set; } = ImageColorMode.Rgb;

    /// <summary>Factor applied to the 0..255 pixel values, positive. Default 1/255, giving values in [0, 1].</summary>
    public float Scale { get; set; } = 1f / 255f;

    /// <summary>What to do with unreadable or corrupt files. Default <see cref="ImageErrorPolicy.Throw"/>.</summary>
    public ImageErrorPolicy OnError { get; set; } = ImageErrorPolicy.Throw;

    /// <summary>Threads used to decode; null uses every core.</summary>
    public int? MaxDegreeOfParallelism { get; set; }

    internal virtual void Validate()
    {
        if (Height.HasValue != Width.HasValue)
            throw new ArgumentException($"Height and Width must both be set (resize) or both be null (keep the file size); got Height={Height?.ToString() ?? "null"}, Width={Width?.ToString() ?? "null"}.", nameof(Height));
        if (Height is int h)
            Check.InRange(h, 1, 16384, nameof(Height));
        if (Width is int w)
            Check.InRange(w, 1, 16384, nameof(Width));
        if (!Enum.IsDefined(ColorMode))
            throw new ArgumentOutOfRangeException(nameof(ColorMode), ColorMode, "ColorMode must be Grayscale or Rgb.");
        if (!Enum.IsDefined(OnError))
            throw new ArgumentOutOfRangeException(nameof(OnError), OnError, "OnError must be Throw or Skip.");
        Check.Positive(Scale, nameof(Scale));
        if (MaxDegreeOfParallelism is int p)
            Check.Positive(p, nameof(MaxDegreeOfParallelism));
    }
}
