using System.Runtime.CompilerServices;

namespace PipelineExtensions.Data.Csv;

/// <summary>Receives the fields of one record (implemented by structs so the splitter is specialised and inlined).</summary>
internal interface ICsvFieldSink
{
    /// <summary>Field <paramref name="index"/> of the record; <paramref name="quoted"/> fields are unescaped already.</summary>
    void Field(int index, ReadOnlySpan<byte> value, bool quoted);
}

/// <summary>Splits a record (validated by <see cref="CsvRecords"/>) into fields and hands them to a sink.</summary>
internal static class CsvFieldSplitter
{
    /// <summary>Splits <paramref name="record"/>; returns the number of fields. <paramref name="scratch"/> holds unescaped quoted fields.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Split<TSink>(ReadOnlySpan<byte> record, byte separator, bool mayHaveQuotes, ref TSink sink, ref byte[] scratch, string source)
        where TSink : struct, ICsvFieldSink
    {
        int index = 0;
        int p = 0;
        while (true)
        {
            if (mayHaveQuotes && p < record.Length && record[p] == CsvSyntax.Quote)
            {
                int close = CsvRecords.ClosingQuote(record, p, source);
                var inner = record[(p + 1)..close];
                if (inner.Contains(CsvSyntax.Quote))
                    inner = scratch.AsSpan(0, Unescape(inner, ref scratch));
                sink.Field(index++, inner, quoted: true);
                p = close + 1;
                if (p >= record.Length)
                    return index;
                p++; // the separator (validated when the records were found)
            }
            else
            {
                int k = record[p..].IndexOf(separator);
                if (k < 0)
                {
                    sink.Field(index++, record[p..], quoted: false);
                    return index;
                }
                sink.Field(index++, record.Slice(p, k), quoted: false);
                p += k + 1;
            }
            if (p == record.Length)
            {
                sink.Field(index++, [], quoted: false);
                return index;
            }
        }
    }

    private static int Unescape(ReadOnlySpan<byte> inner, ref byte[] scratch)
    {
        if (scratch.Length < inner.Length)
            scratch = new byte[Math.Max(inner.Length, scratch.Length * 2)];
        int n = 0;
        for (int i = 0; i < inner.Length; i++)
        {
            scratch[n++] = inner[i];
            if (inner[i] == CsvSyntax.Quote)
                i++; // "" → "
        }
        return n;
    }
}
