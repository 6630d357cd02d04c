using Microsoft.Extensions.Logging;
using PipelineExtensions.Augmentation;
using PipelineExtensions.Data;

namespace PipelineExtensions;

/// <summary>Image loading: a folder dataset in <c>ctx.Data</c> and a path-column transform in <c>ctx.Augmentation</c>.</summary>
public static class ImageLoadingCatalogExtensions
{
    /// <summary>
    /// Loads a folder with one subfolder per class into a table: an image column, a key label column whose class
    /// names are the subfolder names, and a path column. PNG and JPEG are decoded (by content, not extension).
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="folder">The root folder.</param>
    /// <param name="height">Height every image is resized to.</param>
    /// <param name="width">Width every image is resized to.</param>
    /// <param name="colorMode">Grey or RGB.</param>
    /// <exception cref="ImageDecodingException">A file cannot be read or decoded; the message names it.</exception>
    public static DataTable LoadImageFolder(this DataCatalog catalog, string folder, int height, int width, ImageColorMode colorMode = ImageColorMode.Rgb) =>
        LoadImageFolder(catalog, folder, new ImageFolderOptions { Height = height, Width = width, ColorMode = colorMode });

    /// <summary>Loads a class-per-subfolder image folder with the given options (size, colour, scale, error policy, column names).</summary>
    /// <example>
    /// <code>
    /// var data = ctx.Data.LoadImageFolder("photos", new ImageFolderOptions
    /// {
    ///     Height = 64, Width = 64, ColorMode = ImageColorMode.Rgb, OnError = ImageErrorPolicy.Skip,
    /// });
    /// </code>
    /// </example>
    public static DataTable LoadImageFolder(this DataCatalog catalog, string folder, ImageFolderOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return ImageFolderLoader.Load(folder, options, catalog.Context.LoggerFactory.CreateLogger("PipelineExtensions.ImageFolder"));
    }

    /// <summary>
    /// A transform that reads the image files named in text column <paramref name="pathColumnName"/> and adds them as
    /// image column <paramref name="outputColumnName"/>, resized to <paramref name="height"/>×<paramref name="width"/>.
    /// </summary>
    public static LoadImagesEstimator LoadImages(this AugmentationCatalog catalog, string outputColumnName, string pathColumnName, int height, int width, ImageColorMode colorMode = ImageColorMode.Rgb) =>
        LoadImages(catalog, new LoadImagesOptions
        {
            OutputColumnName = outputColumnName,
            PathColumnName = pathColumnName,
            Height = height,
            Width = width,
            ColorMode = colorMode,
        });

    /// <summary>The image-loading transform with the given options.</summary>
    public static LoadImagesEstimator LoadImages(this AugmentationCatalog catalog, LoadImagesOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new LoadImagesEstimator(options, catalog.Context.LoggerFactory);
    }
}
