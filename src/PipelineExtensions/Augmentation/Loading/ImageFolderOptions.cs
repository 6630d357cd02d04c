using PipelineExtensions.Options;

namespace PipelineExtensions.Augmentation;

/// <summary>Options of <c>ctx.Data.LoadImageFolder</c>: column names and the image loading settings.</summary>
public sealed class ImageFolderOptions : ImageLoadingOptions
{
    /// <summary>Name of the image column. Default "Image".</summary>
    public string ImageColumnName { get; set; } = "Image";

    /// <summary>Name of the label (key) column; its class names are the subfolder names. Default "Label".</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>Name of a text column with each image's file path, or null for none. Default "Path".</summary>
    public string? PathColumnName { get; set; } = "Path";

    /// <summary>File extensions read (case-insensitive); other files are ignored. Default .png, .jpg, .jpeg.</summary>
    public IReadOnlyList<string> Extensions { get; set; } = [".png", ".jpg", ".jpeg"];

    internal override void Validate()
    {
        base.Validate();
        Check.NotEmpty(ImageColumnName, nameof(ImageColumnName));
        Check.NotEmpty(LabelColumnName, nameof(LabelColumnName));
        if (PathColumnName is not null)
            Check.NotEmpty(PathColumnName, nameof(PathColumnName));
        var names = new[] { ImageColumnName, LabelColumnName, PathColumnName }.Where(n => n is not null).ToArray();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
            throw new ArgumentException($"The column names must differ; got image '{ImageColumnName}', label '{LabelColumnName}', path '{PathColumnName}'.", nameof(ImageColumnName));
        if (Extensions is null || Extensions.Count == 0)
            throw new ArgumentException("Extensions must list at least one file extension, e.g. \".png\".", nameof(Extensions));
    }
}
