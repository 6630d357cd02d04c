using PipelineExtensions.Options;

namespace PipelineExtensions.Data.Csv;

/// <summary>Options of the CSV loader (<c>ctx.Data.LoadFromCsv</c>). The defaults read an RFC 4180 file with a header.</summary>
public sealed class CsvLoaderOptions
{
    private char _separator = ',';

    /// <summary>True when the first record holds the column names. Default true.</summary>
    public bool HasHeader { get; set; } = true;

    /// <summary>The field separator, an ASCII character other than a quote or line break. Default ','.</summary>
    public char Separator
    {
        get => _separator;
        set => _separator = CsvSyntax.CheckSeparator(value);
    }

    /// <summary>
    /// The explicit schema: the columns to load, by header name (or, without a header, one entry per field
    /// in order), with their types — <see cref="ColumnType.Single"/>, <see cref="ColumnType.Double"/>,
    /// <see cref="ColumnType.Int32"/>, <see cref="ColumnType.Boolean"/>, <see cref="ColumnType.Text"/> or a
    /// <see cref="KeyType"/> whose class names the values must be. Header columns not listed are skipped; a
    /// listed name missing from the header is an error. Default null: load every column and infer its type
    /// (bool, then int, then float, else text; empty and missing fields do not count).
    /// </summary>
    public IReadOnlyList<SchemaColumn>? Columns { get; set; }

    /// <summary>
    /// Columns to load as key columns whose class names are their distinct values (sorted numerically when
    /// all are integers, else ordinally), e.g. a text label. Default none.
    /// </summary>
    public IReadOnlyList<string> KeyColumns { get; set; } = [];

    /// <summary>What to do with missing values. Default <see cref="MissingValuePolicy.Error"/>.</summary>
    public MissingValuePolicy MissingValues { get; set; } = MissingValuePolicy.Error;

    /// <summary>
    /// Unquoted field contents that mean "missing", besides the empty field. Default <c>["NA"]</c>. A quoted
    /// field is never missing (<c>""</c> is an empty string).
    /// </summary>
    public IReadOnlyList<string> MissingValueMarkers { get; set; } = ["NA"];

    /// <summary>
    /// Per-column fill values for <see cref="MissingValuePolicy.Fill"/>, written as they would appear in the
    /// file (parsed with the column's type). Default none (the type's default fill).
    /// </summary>
    public IReadOnlyDictionary<string, string> FillValues { get; set; } = new Dictionary<string, string>();

    /// <summary>Infer float64 instead of float32 for non-integer numeric columns. Default false (float32).</summary>
    public bool InferDouble { get; set; }

    /// <summary>Threads used to parse; 0 uses every core. Default 0.</summary>
    public int MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        set => _maxDegreeOfParallelism = Check.NonNegative(value);
    }

    private int _maxDegreeOfParallelism;
}
