namespace PipelineExtensions.Data.Csv;

/// <summary>
/// Infers column types from the values of every record: bool (true/false words), then int32, then float
/// (float32, or float64 on request), else text. Missing fields do not count; a column without any value is text.
/// </summary>
internal static class CsvTypeInference
{
    [Flags]
    internal enum Guess : byte
    {
        None = 0,
        MaybeBoolean = 1,
        MaybeInt32 = 2,
        MaybeFloat = 4,
        SawValue = 8,
        AllNumeric = MaybeBoolean | MaybeInt32 | MaybeFloat,
    }

    /// <summary>Classifies the fields of one record into per-column guesses (which only ever lose possibilities).</summary>
    internal struct Sink(Guess[] guesses, CsvMissingValues missing) : ICsvFieldSink
    {
        public void Field(int index, ReadOnlySpan<byte> value, bool quoted)
        {
            if ((uint)index >= (uint)guesses.Length)
                return;
            ref var g = ref guesses[index];
            if (!quoted && missing.IsMissing(value))
                return;
            g |= Guess.SawValue;
            if ((g & Guess.AllNumeric) == 0)
                return;
            if ((g & Guess.MaybeBoolean) != 0 && !Utf8Number.IsTrueOrFalse(value, out _))
                g &= ~Guess.MaybeBoolean;
            if ((g & Guess.MaybeInt32) != 0 && !Utf8Number.TryParseInt32(value, out _))
                g &= ~Guess.MaybeInt32;
            if ((g & Guess.MaybeFloat) != 0 && !Utf8Number.TryParseDouble(value, out _))
                g &= ~Guess.MaybeFloat;
        }
    }

    public static ColumnType TypeOf(Guess guess, bool inferDouble) =>
        (guess & Guess.SawValue) == 0 ? ColumnType.Text :
        (guess & Guess.MaybeBoolean) != 0 ? ColumnType.Boolean :
        (guess & Guess.MaybeInt32) != 0 ? ColumnType.Int32 :
        (guess & Guess.MaybeFloat) != 0 ? (inferDouble ? ColumnType.Double : ColumnType.Single) :
        ColumnType.Text;
}
