namespace PipelineExtensions.Data.Csv;

/// <summary>Options of the CSV writer (<c>ctx.Data.SaveAsCsv</c>).</summary>
public sealed class CsvSaveOptions
{
    private char _separator = ',';

    /// <summary>Write the column names as the first record. Default true.</summary>
    public bool WriteHeader { get; set; } = true;

    /// <summary>The field separator, an ASCII character other than a quote or line break. Default ','.</summary>
    public char Separator
    {
        get => _separator;
        set => _separator = CsvSyntax.CheckSeparator(value);
    }
}
