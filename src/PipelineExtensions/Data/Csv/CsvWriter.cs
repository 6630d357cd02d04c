using System.Globalization;
using System.Text;

namespace PipelineExtensions.Data.Csv;

/// <summary>
/// Writes a table as RFC 4180 CSV (UTF-8, \n line ends): floats in shortest round-trip form, keys as class
/// names, missing values as empty fields, vectors expanded to one field per element (<c>name_0</c>, ...).
/// Text is quoted when it holds the separator, a quote, a line break, is empty or looks like a missing marker,
/// so reading the file back with the same schema returns the same values.
/// </summary>
internal static class CsvWriter
{
    private const int FlushAt = 1 << 20;

    public static void Write(DataTable table, Stream stream, CsvSaveOptions options)
    {
        byte sep = (byte)options.Separator;
        var buffer = new byte[FlushAt + 4096];
        int n = 0;

        void Flush()
        {
            stream.Write(buffer, 0, n);
            n = 0;
        }

        void Ensure(int bytes)
        {
            if (n + bytes > buffer.Length)
            {
                Flush();
                if (bytes > buffer.Length)
                    Array.Resize(ref buffer, bytes);
            }
        }

        void WriteText(string? text)
        {
            if (text is null)
                return;
            bool quote = text.Length == 0 || text == "NA" || text.AsSpan().IndexOfAny(['"', '\r', '\n', (char)sep]) >= 0;
            int max = Encoding.UTF8.GetMaxByteCount(text.Length) * 2 + 2;
            Ensure(max);
            if (!quote)
            {
                n += Encoding.UTF8.GetBytes(text, buffer.AsSpan(n));
                return;
            }
            buffer[n++] = CsvSyntax.Quote;
            foreach (var rune in text.EnumerateRunes())
            {
                if (rune.Value == '"')
                    buffer[n++] = CsvSyntax.Quote;
                n += rune.EncodeToUtf8(buffer.AsSpan(n));
            }
            buffer[n++] = CsvSyntax.Quote;
        }

        void WriteFormattable<T>(T value) where T : IUtf8SpanFormattable
        {
            Ensure(64);
            value.TryFormat(buffer.AsSpan(n), out int written, "R", CultureInfo.InvariantCulture);
            n += written;
        }

        var writers = table.Columns.Select(Formatter).ToArray();
        if (options.WriteHeader)
        {
            bool first = true;
            foreach (var column in table.Columns)
                foreach (var name in HeaderNames(column))
                {
                    if (!first)
                    {
                        Ensure(1);
                        buffer[n++] = sep;
                    }
                    first = false;
                    WriteText(name);
                }
            Ensure(1);
            buffer[n++] = CsvSyntax.LineFeed;
        }
        for (int row = 0; row < table.RowCount; row++)
        {
            for (int c = 0; c < writers.Length; c++)
            {
                if (c > 0)
                {
                    Ensure(1);
                    buffer[n++] = sep;
                }
                writers[c](row);
            }
            Ensure(1);
            buffer[n++] = CsvSyntax.LineFeed;
            if (n >= FlushAt)
                Flush();
        }
        Flush();

        Action<int> Formatter(DataColumn column) => column switch
        {
            ScalarColumn<float> f => row => WriteFormattable(f[row]),
            ScalarColumn<double> d => row => WriteFormattable(d[row]),
            ScalarColumn<int> i => row => WriteFormattable(i[row]),
            ScalarColumn<bool> b => row => WriteText(b[row] ? "true" : "false"),
            TextColumn t => row => WriteText(t[row]),
            KeyColumn k => row => WriteText(k[row] < 0 ? null : k.KeyType.ClassNames[k[row]]),
            VectorColumn v => row =>
            {
                var values = v.Row(row);
                for (int j = 0; j < values.Length; j++)
                {
                    if (j > 0)
                    {
                        Ensure(1);
                        buffer[n++] = sep;
                    }
                    WriteFormattable(values[j]);
                }
            },
            _ => throw new NotSupportedException($"Column '{column.Name}' of type {column.Type.DisplayName} cannot be written to CSV."),
        };
    }

    private static IEnumerable<string> HeaderNames(DataColumn column) =>
        column is VectorColumn v
            ? Enumerable.Range(0, v.Size).Select(j => $"{column.Name}_{j.ToString(CultureInfo.InvariantCulture)}")
            : [column.Name];
}
