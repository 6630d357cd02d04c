namespace PipelineExtensions.Data.Idx;

/// <summary>Builds tables from IDX image and label files (the logic behind <c>ctx.Data.LoadFromIdx</c>).</summary>
internal static class IdxLoader
{
    public static DataTable LoadPair(string imagesPath, string labelsPath, IdxLoaderOptions options)
    {
        var labels = IdxReader.Read(labelsPath);
        var images = IdxReader.Read(imagesPath, Divisor(options));
        return Combine(images, imagesPath, labels, labelsPath, options);
    }

    public static DataTable LoadPair(Stream images, string imagesSource, Stream labels, string labelsSource, IdxLoaderOptions options) =>
        Combine(IdxReader.Read(images, imagesSource, Divisor(options)), imagesSource, IdxReader.Read(labels, labelsSource), labelsSource, options);

    private static float Divisor(IdxLoaderOptions options) => PixelConverter.DivisorFor(options.Scaling);

    /// <summary>One file: a one-dimensional file becomes a key column, any other an image (or vector) column.</summary>
    public static DataTable LoadSingle(Stream stream, string source, IdxLoaderOptions options)
    {
        var array = IdxReader.Read(stream, source, Divisor(options));
        return array.Dimensions.Length == 1
            ? new DataTable(IdxColumns.ToKeyColumn(array, options.LabelColumnName, options.ClassNames, source))
            : new DataTable(IdxColumns.ToImageColumn(array, options.ImageColumnName, options.Scaling, source));
    }

    private static DataTable Combine(IdxArray images, string imagesSource, IdxArray labels, string labelsSource, IdxLoaderOptions options)
    {
        if (images.Count != labels.Count)
            throw new DataFormatException(imagesSource,
                $"holds {images.Count} images (shape {images.Shape}) but the label file '{labelsSource}' holds {labels.Count} labels; the counts must match.");
        if (options.ImageColumnName == options.LabelColumnName)
            throw new ArgumentException($"The image and label columns are both called '{options.ImageColumnName}'.", nameof(options));
        return new DataTable(
            IdxColumns.ToImageColumn(images, options.ImageColumnName, options.Scaling, imagesSource),
            IdxColumns.ToKeyColumn(labels, options.LabelColumnName, options.ClassNames, labelsSource));
    }
}
