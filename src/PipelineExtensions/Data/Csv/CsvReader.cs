using System.Text;

namespace PipelineExtensions.Data.Csv;

/// <summary>
/// Reads a CSV buffer into a table: one sequential pass finds the records, then blocks of records are
/// split and parsed in parallel straight from UTF-8 into typed arrays (each row written by index). Type
/// inference, when no schema is given, is one more parallel pass of the same kind.
/// </summary>
internal static class CsvReader
{
    private const int BlockRecords = 8192;
    private const int InferenceSampleRecords = 4 * BlockRecords;

    public static DataTable Read(string path, CsvLoaderOptions options)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"CSV file '{path}' does not exist.", path);
        var data = File.ReadAllBytes(path);
        return Read(data, data.Length, path, options);
    }

    public static DataTable Read(Stream stream, string source, CsvLoaderOptions options)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Read(buffer.GetBuffer(), (int)buffer.Length, source, options);
    }

    public static DataTable Read(byte[] buffer, int length, string source, CsvLoaderOptions options)
    {
        var data = new ReadOnlySpan<byte>(buffer, 0, length);
        int start = data.StartsWith("\uFEFF"u8) ? 3 : 0;
        byte separator = (byte)options.Separator;
        var records = CsvRecords.Find(data, start, separator, source);
        var missing = new CsvMissingValues(options.MissingValueMarkers);

        int firstRecord = options.HasHeader ? 1 : 0;
        string[] fieldNames = options.HasHeader
            ? ReadHeader(buffer, length, records, separator, source)
            : DefaultNames(records.Count == 0 ? options.Columns?.Count ?? 0 : FieldCount(buffer, records, 0, separator, source));
        int rows = Math.Max(0, records.Count - firstRecord);
        var plan = CsvLoadPlan.Create(fieldNames, options, source);
        var context = new Context(buffer, length, records, firstRecord, separator, fieldNames.Length, source, options.MaxDegreeOfParallelism);

        // Types are inferred from the first records; when a later value does not parse as the inferred type
        // (or a column had no value in the sample), everything is inferred again from every record.
        bool sampled = plan.NeedsInference && rows > InferenceSampleRecords;
        if (plan.NeedsInference)
        {
            var guesses = Infer(context, missing, sampled ? InferenceSampleRecords : int.MaxValue);
            if (sampled && guesses.Any(g => (g & CsvTypeInference.Guess.SawValue) == 0))
            {
                guesses = Infer(context, missing, int.MaxValue);
                sampled = false;
            }
            plan.ApplyInference(guesses, options.InferDouble);
        }

        CsvColumnBuilder[] builders;
        bool[]? dropped;
        try
        {
            (builders, dropped) = Parse(context, plan, fieldNames.Length, rows, missing, options);
        }
        catch (DataFormatException) when (sampled)
        {
            plan.ApplyInference(Infer(context, missing, int.MaxValue), options.InferDouble);
            (builders, dropped) = Parse(context, plan, fieldNames.Length, rows, missing, options);
        }

        int[]? keep = null;
        if (dropped is not null && dropped.Contains(true))
            keep = Enumerable.Range(0, rows).Where(r => !dropped[r]).ToArray();
        var columns = new DataColumn[builders.Length];
        for (int i = 0; i < builders.Length; i++)
        {
            columns[i] = plan.Columns[i].MakeKey
                ? CsvColumnBuilder.TextToKey(builders[i].Name, KeepRows(((CsvColumnBuilder.Text)builders[i]).Values, keep))
                : builders[i].Build(keep);
        }
        return new DataTable(columns);
    }

    private static string?[] KeepRows(string?[] values, int[]? keep) =>
        keep is null ? values : keep.Select(r => values[r]).ToArray();

    private static string[] DefaultNames(int count) =>
        Enumerable.Range(1, count).Select(i => $"Column{i}").ToArray();

    private static string[] ReadHeader(byte[] buffer, int length, CsvRecords records, byte separator, string source)
    {
        if (records.Count == 0)
            throw new DataFormatException(source, "the file is empty: no header record.");
        var sink = new NamesSink(new List<string>());
        var scratch = new byte[256];
        var record = new ReadOnlySpan<byte>(buffer, records.Start(0), records.End(0) - records.Start(0));
        CsvFieldSplitter.Split(record, separator, records.HasQuotes, ref sink, ref scratch, source);
        var names = sink.Names;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(names[i]))
                names[i] = $"Column{i + 1}";
            if (!seen.Add(names[i]))
                throw new DataFormatException(source, $"the header names column '{names[i]}' twice.", 1 + CountLinesBefore(buffer, length, records.Start(0)));
        }
        return names.ToArray();
    }

    private static int FieldCount(byte[] buffer, CsvRecords records, int record, byte separator, string source)
    {
        var sink = new NamesSink(new List<string>());
        var scratch = new byte[256];
        return CsvFieldSplitter.Split(new ReadOnlySpan<byte>(buffer, records.Start(record), records.End(record) - records.Start(record)),
            separator, records.HasQuotes, ref sink, ref scratch, source);
    }

    private static long CountLinesBefore(byte[] buffer, int length, int offset) => CsvSyntax.LineOf(buffer.AsSpan(0, length), offset) - 1;

    private static CsvTypeInference.Guess[] Infer(Context context, CsvMissingValues missing, int maxRecords)
    {
        var merged = new CsvTypeInference.Guess[context.FieldCount];
        Array.Fill(merged, CsvTypeInference.Guess.AllNumeric);
        var gate = new object();
        context.ForEachBlock(
            () => (Guesses: CloneAllNumeric(context.FieldCount), Scratch: new byte[256]),
            (state, record) =>
            {
                var sink = new CsvTypeInference.Sink(state.Guesses, missing);
                int fields = CsvFieldSplitter.Split(context.Record(record), context.Separator, context.HasQuotes, ref sink, ref state.Scratch, context.Source);
                return fields == context.FieldCount ? null : context.Ragged(record, fields);
            },
            maxRecords,
            state =>
            {
                lock (gate)
                {
                    for (int i = 0; i < merged.Length; i++)
                    {
                        var sawValue = (merged[i] | state.Guesses[i]) & CsvTypeInference.Guess.SawValue;
                        merged[i] = (merged[i] & state.Guesses[i] & CsvTypeInference.Guess.AllNumeric) | sawValue;
                    }
                }
            });
        return merged;
    }

    private static CsvTypeInference.Guess[] CloneAllNumeric(int n)
    {
        var g = new CsvTypeInference.Guess[n];
        Array.Fill(g, CsvTypeInference.Guess.AllNumeric);
        return g;
    }

    private static (CsvColumnBuilder[] Builders, bool[]? Dropped) Parse(Context context, CsvLoadPlan plan, int fieldCount, int rows, CsvMissingValues missing, CsvLoaderOptions options)
    {
        var builders = plan.Columns.Select(c => CsvColumnBuilder.Create(c.Name, c.Type, rows)).ToArray();
        if (options.MissingValues == MissingValuePolicy.Fill)
            foreach (var b in builders)
                if (options.FillValues.TryGetValue(b.Name, out var text) && !b.TrySetFillText(text))
                    throw new ArgumentException($"Fill value '{text}' of column '{b.Name}' is not a valid {b.Type.DisplayName}.", nameof(options));
        var byField = new CsvColumnBuilder?[fieldCount];
        for (int i = 0; i < builders.Length; i++)
            byField[plan.Columns[i].Field] = builders[i];
        var dropped = options.MissingValues == MissingValuePolicy.Drop ? new bool[rows] : null;
        Parse(context, byField, missing, options.MissingValues, dropped);
        return (builders, dropped);
    }

    private static void Parse(Context context, CsvColumnBuilder?[] byField, CsvMissingValues missing, MissingValuePolicy policy, bool[]? dropped)
    {
        context.ForEachBlock(
            () => (Sink: new ParseSink(byField, missing, policy), Scratch: new byte[256]),
            (state, record) =>
            {
                int row = record - context.FirstRecord;
                state.Sink.Begin(row);
                int fields = CsvFieldSplitter.Split(context.Record(record), context.Separator, context.HasQuotes, ref state.Sink, ref state.Scratch, context.Source);
                if (fields != context.FieldCount)
                    return context.Ragged(record, fields);
                if (state.Sink.ProblemField >= 0)
                    return context.Error(record, state.Sink.DescribeProblem());
                if (dropped is not null && state.Sink.RowHasMissing)
                    dropped[row] = true;
                return null;
            },
            int.MaxValue,
            _ => { });
    }

    /// <summary>The shared state of the parallel passes over the data records.</summary>
    private sealed class Context(byte[] buffer, int length, CsvRecords records, int firstRecord, byte separator, int fieldCount, string source, int maxThreads)
    {
        public int FirstRecord => firstRecord;
        public byte Separator => separator;
        public int FieldCount => fieldCount;
        public string Source => source;
        public bool HasQuotes => records.HasQuotes;

        public ReadOnlySpan<byte> Record(int record) => new(buffer, records.Start(record), records.End(record) - records.Start(record));

        public DataFormatException Ragged(int record, int fields) =>
            Error(record, $"the record has {fields} fields but the {(firstRecord == 1 ? "header has" : "first record has")} {fieldCount}.");

        public DataFormatException Error(int record, string message) =>
            new(source, message, CsvSyntax.LineOf(new ReadOnlySpan<byte>(buffer, 0, length), records.Start(record)));

        /// <summary>
        /// Runs <paramref name="body"/> over every data record in parallel blocks; the first error by record
        /// order wins, so the message does not depend on thread timing.
        /// </summary>
        public void ForEachBlock<TState>(Func<TState> init, Func<TState, int, DataFormatException?> body, int maxRecords, Action<TState> finish)
        {
            int total = Math.Min(maxRecords, records.Count - firstRecord);
            if (total <= 0)
                return;
            int blocks = (total + BlockRecords - 1) / BlockRecords;
            int last = firstRecord + total;
            var errors = new DataFormatException?[blocks];
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxThreads > 0 ? maxThreads : -1 };
            Parallel.For(0, blocks, parallel, init, (block, _, state) =>
            {
                int from = firstRecord + block * BlockRecords;
                int to = Math.Min(last, from + BlockRecords);
                for (int r = from; r < to; r++)
                {
                    var error = body(state, r);
                    if (error is not null)
                    {
                        errors[block] = error;
                        break;
                    }
                }
                return state;
            }, finish);
            foreach (var error in errors)
                if (error is not null)
                    throw error;
        }
    }

    private struct NamesSink(List<string> names) : ICsvFieldSink
    {
        public List<string> Names => names;

        public void Field(int index, ReadOnlySpan<byte> value, bool quoted) => names.Add(Encoding.UTF8.GetString(value));
    }

    /// <summary>Parses the fields of one record into the column builders and notes the first problem.</summary>
    private struct ParseSink(CsvColumnBuilder?[] byField, CsvMissingValues missing, MissingValuePolicy policy) : ICsvFieldSink
    {
        private int _row;
        private string? _badValue;

        public int ProblemField { get; private set; }

        public bool RowHasMissing { get; private set; }

        public void Begin(int row)
        {
            _row = row;
            ProblemField = -1;
            RowHasMissing = false;
            _badValue = null;
        }

        public void Field(int index, ReadOnlySpan<byte> value, bool quoted)
        {
            if ((uint)index >= (uint)byField.Length || byField[index] is not { } builder)
                return;
            if (!quoted && missing.IsMissing(value))
            {
                RowHasMissing = true;
                if (policy == MissingValuePolicy.Fill)
                    builder.SetFill(_row);
                else if (policy == MissingValuePolicy.Error && ProblemField < 0)
                    ProblemField = index;
                return;
            }
            if (!builder.TrySet(_row, value) && ProblemField < 0)
            {
                ProblemField = index;
                _badValue = Encoding.UTF8.GetString(value.Length > 60 ? value[..60] : value) + (value.Length > 60 ? "..." : "");
            }
        }

        public readonly string DescribeProblem()
        {
            var builder = byField[ProblemField]!;
            string name = builder.Name;
            if (_badValue is null)
                return $"column '{name}' has a missing value (missing-value policy Error; use Drop or Fill to accept missing values).";
            return builder.Type is KeyType key
                ? $"column '{name}': '{_badValue}' is not one of its {key.Count} classes ({string.Join(", ", key.ClassNames.Take(10))}{(key.Count > 10 ? ", ..." : "")})."
                : $"column '{name}': cannot parse '{_badValue}' as {builder.Type.DisplayName}.";
        }
    }
}
