using System.Text;

namespace PipelineExtensions.Data.Csv;

/// <summary>
/// Collects one loaded CSV column into a typed array. Rows are written by index, so parallel blocks write
/// disjoint ranges without locks.
/// </summary>
internal abstract class CsvColumnBuilder(string name, ColumnType type)
{
    public string Name { get; } = name;

    public ColumnType Type { get; } = type;

    /// <summary>Parses <paramref name="value"/> into row <paramref name="row"/>; false when it does not parse as the column type.</summary>
    public abstract bool TrySet(int row, ReadOnlySpan<byte> value);

    /// <summary>Writes the fill value into row <paramref name="row"/> (missing-value policy Fill).</summary>
    public abstract void SetFill(int row);

    /// <summary>Sets the fill value from its text as it would appear in the file; false when it does not parse.</summary>
    public abstract bool TrySetFillText(string text);

    /// <summary>The finished column, keeping only <paramref name="keep"/> rows when given (missing-value policy Drop).</summary>
    public abstract DataColumn Build(int[]? keep);

    public static CsvColumnBuilder Create(string name, ColumnType type, int rows) => type switch
    {
        ScalarType { Kind: ScalarKind.Single } => new Scalar<float, SingleParser>(name, type, rows, float.NaN),
        ScalarType { Kind: ScalarKind.Double } => new Scalar<double, DoubleParser>(name, type, rows, double.NaN),
        ScalarType { Kind: ScalarKind.Int32 } => new Scalar<int, Int32Parser>(name, type, rows, 0),
        ScalarType { Kind: ScalarKind.Boolean } => new Scalar<bool, BooleanParser>(name, type, rows, false),
        TextType => new Text(name, rows),
        KeyType key => new Key(name, key, rows),
        _ => throw new NotSupportedException(
            $"Column '{name}': CSV columns load as Single, Double, Int32, Boolean, Text or Key, not {type.DisplayName}; load scalars and use ctx.Transforms.Concatenate for vectors."),
    };

    /// <summary>A number parser as a static interface member, so each scalar builder calls it directly (inlined).</summary>
    private interface IParser<T>
    {
        static abstract bool TryParse(ReadOnlySpan<byte> s, out T value);
    }

    private readonly struct SingleParser : IParser<float>
    {
        public static bool TryParse(ReadOnlySpan<byte> s, out float value) => Utf8Number.TryParseSingle(s, out value);
    }

    private readonly struct DoubleParser : IParser<double>
    {
        public static bool TryParse(ReadOnlySpan<byte> s, out double value) => Utf8Number.TryParseDouble(s, out value);
    }

    private readonly struct Int32Parser : IParser<int>
    {
        public static bool TryParse(ReadOnlySpan<byte> s, out int value) => Utf8Number.TryParseInt32(s, out value);
    }

    private readonly struct BooleanParser : IParser<bool>
    {
        public static bool TryParse(ReadOnlySpan<byte> s, out bool value) => Utf8Number.TryParseBoolean(s, out value);
    }

    private sealed class Scalar<T, TParser>(string name, ColumnType type, int rows, T fill) : CsvColumnBuilder(name, type)
        where T : unmanaged
        where TParser : struct, IParser<T>
    {
        private readonly T[] _values = GC.AllocateUninitializedArray<T>(rows);
        private T _fill = fill;

        public override bool TrySet(int row, ReadOnlySpan<byte> value) => TParser.TryParse(value, out _values[row]);

        public override void SetFill(int row) => _values[row] = _fill;

        public override bool TrySetFillText(string text) => TParser.TryParse(Encoding.UTF8.GetBytes(text), out _fill);

        public override DataColumn Build(int[]? keep)
        {
            var column = new ScalarColumn<T>(Name, _values);
            return keep is null ? column : column.Gather(keep);
        }
    }

    internal sealed class Text(string name, int rows) : CsvColumnBuilder(name, ColumnType.Text)
    {
        [ThreadStatic]
        private static Utf8StringCache? t_cache;

        private readonly string?[] _values = new string?[rows];
        private string? _fill;

        public string?[] Values => _values;

        public override bool TrySet(int row, ReadOnlySpan<byte> value)
        {
            _values[row] = (t_cache ??= new Utf8StringCache()).Get(value);
            return true;
        }

        public override void SetFill(int row) => _values[row] = _fill;

        public override bool TrySetFillText(string text)
        {
            _fill = text;
            return true;
        }

        public override DataColumn Build(int[]? keep)
        {
            var column = new TextColumn(Name, _values);
            return keep is null ? column : column.Gather(keep);
        }
    }

    private sealed class Key : CsvColumnBuilder
    {
        private readonly int[] _keys;
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
        private int _fill = KeyColumn.Missing;

        public Key(string name, KeyType type, int rows) : base(name, type)
        {
            _keys = GC.AllocateUninitializedArray<int>(rows);
            var map = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < type.Count; i++)
                map[type.ClassNames[i]] = i;
            _lookup = map.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public override bool TrySet(int row, ReadOnlySpan<byte> value)
        {
            Span<char> chars = value.Length <= 256 ? stackalloc char[value.Length] : new char[value.Length];
            int n = Encoding.UTF8.GetChars(value, chars);
            return _lookup.TryGetValue(chars[..n], out _keys[row]);
        }

        public override void SetFill(int row) => _keys[row] = _fill;

        public override bool TrySetFillText(string text)
        {
            _fill = ((KeyType)Type).IndexOf(text);
            return _fill >= 0;
        }

        public override DataColumn Build(int[]? keep)
        {
            var column = new KeyColumn(Name, (KeyType)Type, _keys);
            return keep is null ? column : column.Gather(keep);
        }
    }

    /// <summary>Builds a key column from text values: class names are the distinct values, sorted (numerically when all are integers).</summary>
    public static KeyColumn TextToKey(string name, ReadOnlySpan<string?> values)
    {
        var names = KeyType.SortClassNames(values.ToArray().OfType<string>());
        if (names.Length == 0)
            throw new ArgumentException($"Column '{name}' has no values, so it has no classes to make a key of.");
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
            index[names[i]] = i;
        var keys = new int[values.Length];
        for (int i = 0; i < keys.Length; i++)
            keys[i] = values[i] is { } v ? index[v] : KeyColumn.Missing;
        return new KeyColumn(name, ColumnType.Key(names), keys);
    }
}

/// <summary>
/// Reuses the string of a recently seen short UTF-8 value (labels and categories repeat), so loading a
/// text column allocates one string per distinct value rather than one per row.
/// </summary>
internal sealed class Utf8StringCache
{
    private const int Slots = 256;
    private const int MaxCachedBytes = 48;
    private readonly byte[]?[] _bytes = new byte[Slots][];
    private readonly string[] _strings = new string[Slots];

    public string Get(ReadOnlySpan<byte> value)
    {
        if (value.Length > MaxCachedBytes)
            return Encoding.UTF8.GetString(value);
        uint hash = 2166136261;
        foreach (byte b in value)
            hash = (hash ^ b) * 16777619;
        int slot = (int)(hash % Slots);
        if (_bytes[slot] is { } cached && value.SequenceEqual(cached))
            return _strings[slot];
        string s = Encoding.UTF8.GetString(value);
        _bytes[slot] = value.ToArray();
        _strings[slot] = s;
        return s;
    }
}
