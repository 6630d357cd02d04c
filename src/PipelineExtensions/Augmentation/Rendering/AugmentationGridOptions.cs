using PipelineExtensions.Options;

namespace PipelineExtensions.Augmentation;

/// <summary>Options of <see cref="AugmentationGrid"/>.</summary>
public sealed class AugmentationGridOptions
{
    /// <summary>Augmented variants per image (grid columns after the original), in [1, 64]. Default 8.</summary>
    public int Variants { get; set; } = 8;

    /// <summary>Number of images (grid rows) taken from the start of the column when <see cref="Rows"/> is null, in [1, 256]. Default 4.</summary>
    public int Images { get; set; } = 4;

    /// <summary>The rows to show, or null (default) for the first <see cref="Images"/> rows.</summary>
    public IReadOnlyList<int>? Rows { get; set; }

    /// <summary>Integer upscaling of every cell (nearest neighbour), or 0 (default) to enlarge small images to at least 64 pixels.</summary>
    public int Scale { get; set; }

    /// <summary>Pixels between cells, non-negative. Default 2.</summary>
    public int Padding { get; set; } = 2;

    /// <summary>A key column whose class names label the rows of the HTML table, or null.</summary>
    public string? LabelColumnName { get; set; }

    internal void Validate()
    {
        Check.InRange(Variants, 1, 64, nameof(Variants));
        Check.InRange(Images, 1, 256, nameof(Images));
        Check.InRange(Scale, 0, 32, nameof(Scale));
        Check.InRange(Padding, 0, 64, nameof(Padding));
        if (Rows is not null && (Rows.Count == 0 || Rows.Count > 256))
            throw new ArgumentException($"Rows must list between 1 and 256 rows, got {Rows.Count}.", nameof(Rows));
    }
}
