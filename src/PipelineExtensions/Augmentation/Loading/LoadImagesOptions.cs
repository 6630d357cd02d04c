using PipelineExtensions.Options;

namespace PipelineExtensions.Augmentation;

/// <summary>Options of <c>ctx.Augmentation.LoadImages</c>: which columns, and the image loading settings (Height and Width required).</summary>
public sealed class LoadImagesOptions : ImageLoadingOptions
{
    /// <summary>The image column to add (required).</summary>
    public string OutputColumnName { get; set; } = "";

    /// <summary>The text column with the file paths (required).</summary>
    public string PathColumnName { get; set; } = "";

    /// <summary>Folder that relative paths are resolved against; null (default) uses the current directory.</summary>
    public string? BaseDirectory { get; set; }

    internal override void Validate()
    {
        base.Validate();
        Check.NotEmpty(OutputColumnName, nameof(OutputColumnName));
        Check.NotEmpty(PathColumnName, nameof(PathColumnName));
        if (Height is null)
            throw new ArgumentException("LoadImages needs Height and Width: the pipeline must know the image shape before any file is read.", nameof(Height));
    }
}
