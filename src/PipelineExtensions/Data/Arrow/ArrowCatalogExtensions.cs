using PipelineExtensions.Data;
using PipelineExtensions.Data.Arrow;
using PipelineExtensions.IO;

namespace PipelineExtensions;

/// <summary>Reading and writing Apache Arrow IPC files and streams (<c>ctx.Data.LoadFromArrow</c>, <c>ctx.Data.SaveAsArrow</c>).</summary>
public static class ArrowCatalogExtensions
{
    /// <summary>
    /// Loads an Arrow IPC file or stream (told apart by the ARROW1 magic). Tables saved by
    /// <see cref="SaveAsArrow(DataCatalog, DataTable, string)"/> come back with exactly their schema (image shapes,
    /// class names); files from other tools map float, double, integer, bool, utf8, fixed_size_list&lt;float&gt;
    /// and dictionary&lt;int, utf8&gt; fields to Single, Double, Int32, Boolean, Text, Vector and Key columns.
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="path">The Arrow file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is not readable Arrow IPC, or has an unsupported type or a null where none is allowed; the message names the file and column.</exception>
    public static DataTable LoadFromArrow(this DataCatalog catalog, string path) => LoadFromArrow(catalog, path, new ArrowLoaderOptions());

    /// <summary>Loads an Arrow IPC file or stream with the given <paramref name="options"/> (a subset of columns).</summary>
    /// <inheritdoc cref="LoadFromArrow(DataCatalog, string)"/>
    public static DataTable LoadFromArrow(this DataCatalog catalog, string path, ArrowLoaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(options);
        return ArrowTableReader.Read(path, options);
    }

    /// <summary>Loads Arrow IPC (file or stream format) from a readable stream; <paramref name="sourceName"/> names it in errors.</summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="stream">The Arrow content; non-seekable streams are buffered.</param>
    /// <param name="options">Loader options; null for the defaults.</param>
    /// <param name="sourceName">The name used in error messages.</param>
    /// <exception cref="DataFormatException">The content is not readable Arrow IPC.</exception>
    public static DataTable LoadFromArrow(this DataCatalog catalog, Stream stream, ArrowLoaderOptions? options = null, string sourceName = "Arrow stream")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(stream);
        return ArrowTableReader.Read(stream, sourceName, options ?? new ArrowLoaderOptions());
    }

    /// <summary>
    /// Saves <paramref name="table"/> as an Arrow IPC file, atomically (the file appears complete or not at all).
    /// Every column type round-trips exactly: vectors and images are fixed_size_list&lt;float&gt; (image shape in
    /// the field metadata), keys are dictionary&lt;int32, utf8&gt; with every class name.
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="table">The table to save.</param>
    /// <param name="path">The target file.</param>
    public static void SaveAsArrow(this DataCatalog catalog, DataTable table, string path) => SaveAsArrow(catalog, table, path, new ArrowSaveOptions());

    /// <summary>Saves <paramref name="table"/> as Arrow IPC in the layout chosen by <paramref name="options"/>, atomically.</summary>
    /// <inheritdoc cref="SaveAsArrow(DataCatalog, DataTable, string)"/>
    public static void SaveAsArrow(this DataCatalog catalog, DataTable table, string path, ArrowSaveOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        AtomicFile.Write(path, stream => ArrowTableWriter.Write(table, stream, options.Format));
    }

    /// <summary>Writes <paramref name="table"/> as Arrow IPC to a writable stream (left open).</summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="table">The table to save.</param>
    /// <param name="stream">The target stream.</param>
    /// <param name="format">File or stream layout.</param>
    public static void SaveAsArrow(this DataCatalog catalog, DataTable table, Stream stream, ArrowFormat format = ArrowFormat.File)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(stream);
        ArrowTableWriter.Write(table, stream, format);
    }
}
