using PipelineExtensions.Data;
using PipelineExtensions.Data.Csv;
using PipelineExtensions.IO;

namespace PipelineExtensions;

/// <summary>Loading and saving CSV files (<c>ctx.Data.LoadFromCsv</c>, <c>ctx.Data.SaveAsCsv</c>).</summary>
public static class CsvCatalogExtensions
{
    /// <summary>
    /// Loads a CSV file (RFC 4180: header, quoted fields with doubled quotes and embedded line breaks, \n or
    /// \r\n line ends, UTF-8 with or without BOM; blank lines are skipped), inferring each column's type:
    /// bool, int, float (float32) or text. Missing values (empty fields, <c>NA</c>) are an error.
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="path">The CSV file (at most 2 GiB).</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">A ragged record, a missing or unparsable value, a bad quote; the message names file, line and column.</exception>
    /// <example><code>
    /// var data = ctx.Data.LoadFromCsv("credit.csv", new CsvLoaderOptions { KeyColumns = ["label"] });
    /// </code></example>
    public static DataTable LoadFromCsv(this DataCatalog catalog, string path) => LoadFromCsv(catalog, path, new CsvLoaderOptions());

    /// <summary>Loads a CSV file with the given <paramref name="options"/> (explicit schema, key columns, missing-value policy, separator).</summary>
    /// <inheritdoc cref="LoadFromCsv(DataCatalog, string)"/>
    /// <exception cref="DataFormatException">Also: a column of the explicit schema is not in the header.</exception>
    public static DataTable LoadFromCsv(this DataCatalog catalog, string path, CsvLoaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(options);
        return CsvReader.Read(path, options);
    }

    /// <summary>Loads CSV from a readable stream; <paramref name="sourceName"/> names it in error messages.</summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="stream">The CSV content (UTF-8).</param>
    /// <param name="options">Loader options; null for the defaults.</param>
    /// <param name="sourceName">The name used in error messages.</param>
    /// <exception cref="DataFormatException">The content is malformed; the message names the source, line and column.</exception>
    public static DataTable LoadFromCsv(this DataCatalog catalog, Stream stream, CsvLoaderOptions? options = null, string sourceName = "CSV stream")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(stream);
        return CsvReader.Read(stream, sourceName, options ?? new CsvLoaderOptions());
    }

    /// <summary>
    /// Saves <paramref name="table"/> as CSV (atomically: the file appears complete or not at all). Floats are
    /// written in shortest round-trip form, keys as class names, missing values as empty fields and vectors as
    /// one field per element (<c>name_0</c>, <c>name_1</c>, ...).
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="table">The table to save.</param>
    /// <param name="path">The target file.</param>
    public static void SaveAsCsv(this DataCatalog catalog, DataTable table, string path) => SaveAsCsv(catalog, table, path, new CsvSaveOptions());

    /// <summary>Saves <paramref name="table"/> as CSV with the given <paramref name="options"/>.</summary>
    /// <inheritdoc cref="SaveAsCsv(DataCatalog, DataTable, string)"/>
    public static void SaveAsCsv(this DataCatalog catalog, DataTable table, string path, CsvSaveOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        AtomicFile.Write(path, stream => CsvWriter.Write(table, stream, options));
    }

    /// <summary>Writes <paramref name="table"/> as CSV to a writable stream.</summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="table">The table to save.</param>
    /// <param name="stream">The target stream (left open).</param>
    /// <param name="options">Writer options; null for the defaults.</param>
    public static void SaveAsCsv(this DataCatalog catalog, DataTable table, Stream stream, CsvSaveOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(stream);
        CsvWriter.Write(table, stream, options ?? new CsvSaveOptions());
    }
}
