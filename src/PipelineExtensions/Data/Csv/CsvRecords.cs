namespace PipelineExtensions.Data.Csv;

/// <summary>
/// The records of a CSV buffer: start and end offsets of each non-blank record (line breaks inside quoted
/// fields belong to their record; a trailing \r is excluded). Found in one sequential pass that uses the
/// runtime's vectorised searches; files without any quote take a plain line-break search.
/// </summary>
internal sealed class CsvRecords
{
    private int[] _starts = new int[1024];
    private int[] _ends = new int[1024];

    public int Count { get; private set; }

    public int Start(int record) => _starts[record];

    public int End(int record) => _ends[record];

    /// <summary>True when the buffer contains no quote at all, so fields split on the separator alone.</summary>
    public bool HasQuotes { get; private set; }

    public static CsvRecords Find(ReadOnlySpan<byte> data, int start, byte separator, string source)
    {
        var records = new CsvRecords { HasQuotes = data[start..].Contains(CsvSyntax.Quote) };
        int pos = start;
        while (pos < data.Length)
        {
            int end, next;
            if (!records.HasQuotes)
            {
                int nl = data[pos..].IndexOf(CsvSyntax.LineFeed);
                end = nl < 0 ? data.Length : pos + nl;
                next = end + 1;
            }
            else
            {
                (end, next) = ScanQuotedRecord(data, pos, separator, source);
            }
            int contentEnd = end > pos && data[end - 1] == CsvSyntax.CarriageReturn ? end - 1 : end;
            if (contentEnd > pos)
                records.Add(pos, contentEnd);
            pos = next;
        }
        return records;
    }

    private void Add(int start, int end)
    {
        if (Count == _starts.Length)
        {
            Array.Resize(ref _starts, Count * 2);
            Array.Resize(ref _ends, Count * 2);
        }
        _starts[Count] = start;
        _ends[Count] = end;
        Count++;
    }

    /// <summary>Scans one record field by field; returns the offset of its line feed (or the end) and where the next record starts.</summary>
    private static (int End, int Next) ScanQuotedRecord(ReadOnlySpan<byte> data, int pos, byte separator, string source)
    {
        int p = pos;
        while (true)
        {
            if (p < data.Length && data[p] == CsvSyntax.Quote)
            {
                int q = ClosingQuote(data, p, source);
                p = q + 1;
                if (p == data.Length)
                    return (p, p);
                byte c = data[p];
                if (c == separator)
                {
                    p++;
                    continue;
                }
                if (c == CsvSyntax.LineFeed)
                    return (p, p + 1);
                if (c == CsvSyntax.CarriageReturn && (p + 1 == data.Length || data[p + 1] == CsvSyntax.LineFeed))
                    return (p + 1, p + 2);
                throw new DataFormatException(source,
                    $"unexpected character '{(char)c}' after the closing quote of a quoted field (expected the separator or the end of the line).",
                    CsvSyntax.LineOf(data, p));
            }
            int k = data[p..].IndexOfAny(separator, CsvSyntax.LineFeed, CsvSyntax.Quote);
            if (k < 0)
                return (data.Length, data.Length);
            p += k;
            if (data[p] == separator)
            {
                p++;
                continue;
            }
            if (data[p] == CsvSyntax.LineFeed)
                return (p, p + 1);
            throw new DataFormatException(source,
                "a quote inside an unquoted field; a field that contains quotes must be quoted and its quotes doubled (RFC 4180).",
                CsvSyntax.LineOf(data, p));
        }
    }

    /// <summary>The offset of the quote that closes the quoted field opened at <paramref name="open"/> ("" is an escaped quote).</summary>
    public static int ClosingQuote(ReadOnlySpan<byte> data, int open, string source)
    {
        int q = open + 1;
        while (true)
        {
            int k = data[q..].IndexOf(CsvSyntax.Quote);
            if (k < 0)
                throw new DataFormatException(source, "a quoted field is never closed (missing closing quote).", CsvSyntax.LineOf(data, open));
            q += k;
            if (q + 1 < data.Length && data[q + 1] == CsvSyntax.Quote)
            {
                q += 2;
                continue;
            }
            return q;
        }
    }
}
