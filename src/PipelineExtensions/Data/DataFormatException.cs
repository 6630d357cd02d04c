namespace PipelineExtensions.Data;

/// <summary>
/// A data file (CSV, IDX, Arrow) is malformed: wrong magic number, truncated, ragged row, unparsable value,
/// unknown column. The message names the file and, where it applies, the line, row and column.
/// </summary>
public sealed class DataFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file path (or stream name) being read.</param>
    /// <param name="message">What is wrong, without the source (it is prefixed).</param>
    /// <param name="line">The 1-based line in a text file, when known.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public DataFormatException(string source, string message, long? line = null, Exception? inner = null)
        : base(line is null ? $"{source}: {message}" : $"{source}, line {line}: {message}", inner)
    {
        Source = source;
        Line = line;
    }

    /// <summary>The file path or stream name that was being read.</summary>
    public new string Source { get; }

    /// <summary>The 1-based line of a text file where the problem is, when known.</summary>
    public long? Line { get; }
}
