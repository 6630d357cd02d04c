using PipelineExtensions.Data;
using PipelineExtensions.Data.Idx;

namespace PipelineExtensions;

/// <summary>Loading the IDX format of MNIST and Fashion-MNIST (<c>ctx.Data.LoadFromIdx</c>).</summary>
public static class IdxCatalogExtensions
{
    /// <summary>
    /// Loads an image file and its label file (raw or gzip, detected by magic bytes) into a table with an
    /// <c>Image</c> column (<see cref="ImageType"/> 1×H×W for N×H×W files, pixels scaled to [0, 1]) and a
    /// <c>Label</c> key column named "0".."K−1".
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="imagesPath">The images file, e.g. <c>train-images-idx3-ubyte.gz</c>.</param>
    /// <param name="labelsPath">The labels file, e.g. <c>train-labels-idx1-ubyte.gz</c>.</param>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="DataFormatException">Wrong magic number, unknown type, truncated data or mismatched counts; the message names the file.</exception>
    /// <example><code>
    /// var train = ctx.Data.LoadFromIdx("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
    ///     new IdxLoaderOptions { ClassNames = SampleData.FashionMnistClassNames });
    /// </code></example>
    public static DataTable LoadFromIdx(this DataCatalog catalog, string imagesPath, string labelsPath) =>
        LoadFromIdx(catalog, imagesPath, labelsPath, new IdxLoaderOptions());

    /// <summary>Loads an image file and its label file with the given <paramref name="options"/> (column names, class names, pixel scaling).</summary>
    /// <inheritdoc cref="LoadFromIdx(DataCatalog, string, string)"/>
    public static DataTable LoadFromIdx(this DataCatalog catalog, string imagesPath, string labelsPath, IdxLoaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrWhiteSpace(imagesPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(labelsPath);
        ArgumentNullException.ThrowIfNull(options);
        return IdxLoader.LoadPair(imagesPath, labelsPath, options);
    }

    /// <summary>
    /// Loads one IDX file: a one-dimensional file (labels) becomes a <c>Label</c> key column, an N×H×W or
    /// N×C×H×W file an <c>Image</c> column, an N×D file a vector column.
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="path">The IDX file (raw or gzip).</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is malformed; the message names it.</exception>
    public static DataTable LoadFromIdx(this DataCatalog catalog, string path) => LoadFromIdx(catalog, path, new IdxLoaderOptions());

    /// <summary>Loads one IDX file with the given <paramref name="options"/>.</summary>
    /// <inheritdoc cref="LoadFromIdx(DataCatalog, string)"/>
    public static DataTable LoadFromIdx(this DataCatalog catalog, string path, IdxLoaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(path))
            throw new FileNotFoundException($"IDX file '{path}' does not exist.", path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return IdxLoader.LoadSingle(stream, path, options);
    }

    /// <summary>Loads images and labels from two readable streams (raw or gzip IDX).</summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="images">The images stream.</param>
    /// <param name="labels">The labels stream.</param>
    /// <param name="options">Column names, class names, pixel scaling; null for the defaults.</param>
    /// <exception cref="DataFormatException">A stream is malformed or the counts differ.</exception>
    public static DataTable LoadFromIdx(this DataCatalog catalog, Stream images, Stream labels, IdxLoaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        return IdxLoader.LoadPair(images, "images stream", labels, "labels stream", options ?? new IdxLoaderOptions());
    }
}
