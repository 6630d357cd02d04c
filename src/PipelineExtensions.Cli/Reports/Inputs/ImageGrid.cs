using PipelineExtensions.Data;

namespace PipelineExtensions.Cli.Reports;

/// <summary>
/// Images for a report grid (e.g. originals next to their augmentations), kept as 8-bit pixels and drawn by the
/// page on a canvas. Values are mapped from [min, max] (default [0, 1]) to 0–255 and clamped.
/// </summary>
public sealed class ImageGrid
{
    private readonly List<(byte[] Pixels, string Caption)> _images = [];

    /// <summary>Creates an empty grid.</summary>
    /// <param name="type">The image shape (1 or 3 channels).</param>
    /// <param name="columns">Images per row (≥ 1).</param>
    /// <param name="scale">Screen pixels per image pixel, 1–16. Default 3.</param>
    public ImageGrid(ImageType type, int columns, int scale = 3)
    {
        Type = type ?? throw new ArgumentNullException(nameof(type));
        if (type.Channels is not (1 or 3))
            throw new ArgumentException($"An image grid shows 1- or 3-channel images, got {type.DisplayName}.", nameof(type));
        Columns = Options.Check.Positive(columns);
        Scale = Options.Check.InRange(scale, 1, 16);
    }

    /// <summary>The image shape.</summary>
    public ImageType Type { get; }

    /// <summary>Images per row.</summary>
    public int Columns { get; }

    /// <summary>Screen pixels per image pixel.</summary>
    public int Scale { get; }

    /// <summary>Number of images.</summary>
    public int Count => _images.Count;

    internal IReadOnlyList<(byte[] Pixels, string Caption)> Images => _images;

    /// <summary>Adds one CHW image.</summary>
    /// <exception cref="ArgumentException">The span is not C·H·W long, or min ≥ max.</exception>
    public ImageGrid Add(ReadOnlySpan<float> image, string? caption = null, float min = 0, float max = 1)
    {
        if (image.Length != Type.Size)
            throw new ArgumentException($"Image {_images.Count} has {image.Length} values; {Type.DisplayName} needs {Type.Size}.", nameof(image));
        if (!(max > min))
            throw new ArgumentException($"The pixel range [{min}, {max}] is empty.", nameof(max));
        var pixels = new byte[image.Length];
        float scale = 255f / (max - min);
        for (int i = 0; i < image.Length; i++)
        {
            float v = (image[i] - min) * scale;
            pixels[i] = float.IsNaN(v) ? (byte)0 : (byte)Math.Clamp(MathF.Round(v), 0, 255);
        }
        _images.Add((pixels, caption ?? ""));
        return this;
    }

    /// <summary>A grid of the given rows of an image column.</summary>
    /// <param name="images">The image column.</param>
    /// <param name="rows">The rows to show, in order.</param>
    /// <param name="columns">Images per row.</param>
    /// <param name="caption">Caption of each shown row (gets the row index), or null.</param>
    /// <exception cref="ArgumentException">The column is not an image column.</exception>
    public static ImageGrid FromColumn(VectorColumn images, IEnumerable<int> rows, int columns, Func<int, string>? caption = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(rows);
        var type = images.Type as ImageType ?? throw new ArgumentException($"Column '{images.Name}' is {images.Type.DisplayName}, not an image column.", nameof(images));
        var grid = new ImageGrid(type, columns);
        foreach (int row in rows)
        {
            if ((uint)row >= (uint)images.Length)
                throw new ArgumentOutOfRangeException(nameof(rows), row, $"Row {row} is outside column '{images.Name}' of {images.Length} rows.");
            grid.Add(images.Row(row), caption?.Invoke(row));
        }
        return grid;
    }
}
