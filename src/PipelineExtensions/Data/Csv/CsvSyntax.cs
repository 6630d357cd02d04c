namespace PipelineExtensions.Data.Csv;

/// <summary>Shared CSV syntax rules of the reader and the writer (RFC 4180).</summary>
internal static class CsvSyntax
{
    public const byte Quote = (byte)'"';
    public const byte LineFeed = (byte)'\n';
    public const byte CarriageReturn = (byte)'\r';

    public static char CheckSeparator(char value)
    {
        if (value > 127 || value is '"' or '\r' or '\n')
            throw new ArgumentOutOfRangeException("Separator", value, $"Separator must be an ASCII character other than a quote or a line break, got '{value}'.");
        return value;
    }

    /// <summary>The 1-based line of byte <paramref name="offset"/> (counted only when an error is reported).</summary>
    public static long LineOf(ReadOnlySpan<byte> data, int offset) => data[..Math.Min(offset, data.Length)].Count(LineFeed) + 1L;
}
