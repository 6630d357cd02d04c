using PipelineExtensions.Options;

namespace PipelineExtensions.Data.Idx;

/// <summary>Options of the IDX loader (<c>ctx.Data.LoadFromIdx</c>).</summary>
public sealed class IdxLoaderOptions
{
    private string _imageColumnName = "Image";
    private string _labelColumnName = "Label";
    private IReadOnlyList<string>? _classNames;

    /// <summary>Name of the image column. Default <c>"Image"</c>.</summary>
    public string ImageColumnName
    {
        get => _imageColumnName;
        set => _imageColumnName = Check.NotEmpty(value);
    }

    /// <summary>Name of the label (key) column. Default <c>"Label"</c>.</summary>
    public string LabelColumnName
    {
        get => _labelColumnName;
        set => _labelColumnName = Check.NotEmpty(value);
    }

    /// <summary>
    /// Class names of the labels: name i for label value i. Default null: the names are the label values
    /// "0".."K−1", K = largest label + 1. Labels outside the given names are an error.
    /// </summary>
    public IReadOnlyList<string>? ClassNames
    {
        get => _classNames;
        set => _classNames = value is null ? null : new KeyType(value).ClassNames;
    }

    /// <summary>
    /// How pixel values are scaled. Default <see cref="PixelScaling.UnitInterval"/> (divide by 255, so 8-bit
    /// pixels land in [0, 1]); it needs unsigned-byte data. <see cref="PixelScaling.None"/> keeps stored values.
    /// </summary>
    public PixelScaling Scaling { get; set; } = PixelScaling.UnitInterval;
}
