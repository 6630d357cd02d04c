using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using PipelineExtensions.Data.Csv;
using PipelineExtensions.Persistence;

namespace PipelineExtensions.Data.Arrow;

/// <summary>
/// Reads an Arrow IPC file or stream (told apart by the ARROW1 magic) into a table, concatenating record
/// batches. Fields written by <see cref="ArrowTableWriter"/> carry their exact column type; fields from other
/// tools map by Arrow type: float, double, integers (to int32, range-checked), bool, utf8,
/// FixedSizeList&lt;float&gt; (vector) and dictionary&lt;int, utf8&gt; (key). Nulls become NaN, null text or the
/// missing key; in int, bool and vector columns they are an error.
/// </summary>
internal static class ArrowTableReader
{
    private static ReadOnlySpan<byte> FileMagic => "ARROW1"u8;

    private static ReadOnlySpan<byte> EndOfStream => [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0];

    public static DataTable Read(string path, ArrowLoaderOptions options)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Arrow file '{path}' does not exist.", path);
        return Read(File.ReadAllBytes(path), path, options);
    }

    public static DataTable Read(Stream stream, string source, ArrowLoaderOptions options)
    {
        if (stream is MemoryStream ms && ms.TryGetBuffer(out var segment))
            return Read(segment.AsMemory((int)ms.Position), source, options);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Read(copy.GetBuffer().AsMemory(0, (int)copy.Length), source, options);
    }

    /// <summary>
    /// Reads from memory: the record batches' buffers then view the bytes directly (no copy before the
    /// one into the columns). The file format is the stream format between an 8-byte header and a footer
    /// (the Arrow spec), so both layouts go through the stream reader.
    /// </summary>
    public static DataTable Read(ReadOnlyMemory<byte> data, string source, ArrowLoaderOptions options)
    {
        if (data.Length == 0)
            throw new DataFormatException(source, "the file is empty: not an Arrow IPC file or stream.");
        bool fileFormat = data.Span.StartsWith(FileMagic);
        string what = fileFormat ? "Arrow IPC file" : "Arrow IPC stream";
        if (fileFormat)
            data = StreamPartOfFile(data, source);
        // Apache.Arrow 22's memory reader rejects the end-of-stream marker (continuation token + zero length)
        // instead of stopping at it; the end of the buffer ends the stream just as well.
        if (data.Span.EndsWith(EndOfStream))
            data = data[..^EndOfStream.Length];
        try
        {
            using var reader = new ArrowStreamReader(data);
            var schema = reader.Schema ?? throw new DataFormatException(source, $"not a readable {what}: no schema.");
            var batches = new List<RecordBatch>();
            try
            {
                while (reader.ReadNextRecordBatch() is { } batch)
                    batches.Add(batch);
                return Build(schema, batches, source, options);
            }
            finally
            {
                foreach (var b in batches)
                    b.Dispose();
            }
        }
        catch (Exception e) when (e is not DataFormatException and not OutOfMemoryException)
        {
            throw new DataFormatException(source, $"not a readable {what} ({e.GetType().Name}: {e.Message})", inner: e);
        }
    }

    /// <summary>File layout: "ARROW1" + 2 padding bytes, stream messages, footer, int32 footer length, "ARROW1".</summary>
    private static ReadOnlyMemory<byte> StreamPartOfFile(ReadOnlyMemory<byte> data, string source)
    {
        var span = data.Span;
        if (span.Length < 8 + 10 || !span[^6..].SequenceEqual(FileMagic))
            throw new DataFormatException(source, "truncated Arrow IPC file: it lacks the closing ARROW1 magic and footer.");
        int footer = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(span[^10..]);
        int end = span.Length - 10 - footer;
        if (footer <= 0 || end < 8)
            throw new DataFormatException(source, $"damaged Arrow IPC file: footer length {footer} does not fit the file of {span.Length} bytes.");
        return data[8..end];
    }

    private static DataTable Build(Schema schema, List<RecordBatch> batches, string source, ArrowLoaderOptions options)
    {
        var fields = schema.FieldsList;
        var names = options.Columns ?? fields.Select(f => f.Name).ToArray();
        var columns = new DataColumn[names.Count];
        for (int c = 0; c < names.Count; c++)
        {
            int index = fields.ToList().FindIndex(f => f.Name == names[c]);
            if (index < 0)
                throw new DataFormatException(source, $"has no column '{names[c]}'. Columns: {string.Join(", ", fields.Select(f => $"'{f.Name}'"))}.");
            var field = fields[index];
            var parts = batches.Select(b => b.Column(index)).ToList();
            var type = TypeOf(field, source);
            if (field.DataType is DictionaryType && type is TextType && DictionaryClassNames(parts) is { Count: > 0 } classNames)
                type = ColumnType.Key(classNames);
            columns[c] = ReadColumn(field, type, parts, source);
        }
        return new DataTable(columns);
    }

    private static ColumnType TypeOf(Field field, string source)
    {
        var arrowType = field.DataType;
        ColumnType? declared = null;
        if (field.HasMetadata && field.Metadata.TryGetValue(ArrowTableWriter.TypeMetadataKey, out var json))
        {
            try
            {
                declared = SchemaJson.TypeFromJson(System.Text.Json.Nodes.JsonNode.Parse(json));
            }
            catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
            {
                throw new DataFormatException(source, $"column '{field.Name}' has malformed type metadata: {e.Message}", inner: e);
            }
        }
        ColumnType inferred = arrowType switch
        {
            FloatType => ColumnType.Single,
            DoubleType => ColumnType.Double,
            Int8Type or Int16Type or Int32Type or Int64Type or UInt8Type or UInt16Type or UInt32Type or UInt64Type => ColumnType.Int32,
            BooleanType => ColumnType.Boolean,
            StringType => ColumnType.Text,
            FixedSizeListType { ValueDataType: FloatType } list => ColumnType.Vector(list.ListSize),
            // Without our metadata, the class names come from the dictionaries (see Build).
            DictionaryType { ValueType: StringType } => declared as KeyType ?? (ColumnType)ColumnType.Text,
            _ => throw new DataFormatException(source,
                $"column '{field.Name}' has Arrow type {arrowType.Name}, which this loader does not read (float, double, integers, bool, utf8, fixed_size_list<float>, dictionary<int, utf8>)."),
        };
        if (declared is null)
            return inferred;
        bool agrees = (declared, inferred) switch
        {
            (VectorType d, VectorType i) => d.Size == i.Size,
            (KeyType, _) => arrowType is DictionaryType,
            _ => declared.Equals(inferred),
        };
        if (!agrees)
            throw new DataFormatException(source, $"column '{field.Name}' declares type {declared.DisplayName} in its metadata but holds Arrow type {arrowType.Name}.");
        return declared;
    }

    private static DataColumn ReadColumn(Field field, ColumnType type, List<IArrowArray> parts, string source)
    {
        int rows = parts.Sum(p => p.Length);
        string name = field.Name;
        switch (type)
        {
            case ScalarType { Kind: ScalarKind.Single }:
                return new ScalarColumn<float>(name, Primitive<float>(parts, rows, float.NaN));
            case ScalarType { Kind: ScalarKind.Double }:
                return new ScalarColumn<double>(name, Primitive<double>(parts, rows, double.NaN));
            case ScalarType { Kind: ScalarKind.Int32 }:
                return new ScalarColumn<int>(name, Integers(parts, rows, name, source));
            case ScalarType { Kind: ScalarKind.Boolean }:
            {
                var values = new bool[rows];
                int at = 0;
                foreach (BooleanArray part in parts)
                    for (int i = 0; i < part.Length; i++, at++)
                        values[at] = part.GetValue(i) ?? throw NullIn(source, name, at);
                return new ScalarColumn<bool>(name, values);
            }
            case TextType when parts.All(p => p is StringArray):
                return new TextColumn(name, Strings(parts.Cast<StringArray>(), rows));
            case TextType:
                return new TextColumn(name, DictionaryStrings(parts, rows));
            case KeyType key:
                return new KeyColumn(name, key, Keys(parts, rows, key, name, source));
            case VectorType vector:
            {
                var data = GC.AllocateUninitializedArray<float>(checked(rows * vector.Size));
                int at = 0;
                foreach (FixedSizeListArray part in parts)
                {
                    if (part.NullCount > 0)
                        throw NullIn(source, name, at + Enumerable.Range(0, part.Length).First(part.IsNull));
                    var values = ((FloatArray)part.Values).Values.Slice(part.Offset * vector.Size, part.Length * vector.Size);
                    values.CopyTo(data.AsSpan(at * vector.Size));
                    at += part.Length;
                }
                return new VectorColumn(name, vector, data);
            }
            default:
                throw new DataFormatException(source, $"column '{name}' of type {type.DisplayName} cannot be read.");
        }
    }

    private static DataFormatException NullIn(string source, string column, int row) =>
        new(source, $"column '{column}' has a null at row {row}; nulls are only allowed in float, double, text and key columns.");

    private static T[] Primitive<T>(List<IArrowArray> parts, int rows, T nullValue) where T : unmanaged, IEquatable<T>
    {
        var result = GC.AllocateUninitializedArray<T>(rows);
        int at = 0;
        foreach (PrimitiveArray<T> part in parts)
        {
            part.Values.CopyTo(result.AsSpan(at));
            if (part.NullCount > 0)
                for (int i = 0; i < part.Length; i++)
                    if (part.IsNull(i))
                        result[at + i] = nullValue;
            at += part.Length;
        }
        return result;
    }

    private static int[] Integers(List<IArrowArray> parts, int rows, string name, string source)
    {
        var result = new int[rows];
        int at = 0;
        foreach (var part in parts)
        {
            if (part is Int32Array int32 && int32.NullCount == 0)
            {
                int32.Values.CopyTo(result.AsSpan(at));
                at += part.Length;
                continue;
            }
            for (int i = 0; i < part.Length; i++, at++)
            {
                long? value = part switch
                {
                    Int8Array a => a.GetValue(i),
                    Int16Array a => a.GetValue(i),
                    Int32Array a => a.GetValue(i),
                    Int64Array a => a.GetValue(i),
                    UInt8Array a => a.GetValue(i),
                    UInt16Array a => a.GetValue(i),
                    UInt32Array a => a.GetValue(i),
                    UInt64Array a => a.GetValue(i) is { } u ? (u > long.MaxValue ? long.MaxValue : (long)u) : null,
                    _ => throw new DataFormatException(source, $"column '{name}' mixes Arrow types across record batches."),
                };
                if (value is null)
                    throw NullIn(source, name, at);
                if (value is < int.MinValue or > int.MaxValue)
                    throw new DataFormatException(source, $"column '{name}' row {at}: {value} does not fit a 32-bit integer column.");
                result[at] = (int)value.Value;
            }
        }
        return result;
    }

    private static string?[] Strings(IEnumerable<StringArray> parts, int rows)
    {
        var result = new string?[rows];
        var cache = new Utf8StringCache();
        int at = 0;
        foreach (var part in parts)
            for (int i = 0; i < part.Length; i++, at++)
            {
                var bytes = part.GetBytes(i, out bool isNull);
                result[at] = isNull ? null : cache.Get(bytes);
            }
        return result;
    }

    /// <summary>Keys from dictionary arrays; each batch's dictionary is mapped onto the class names by name.</summary>
    private static int[] Keys(List<IArrowArray> parts, int rows, KeyType key, string name, string source)
    {
        var result = new int[rows];
        int at = 0;
        foreach (var part in parts)
        {
            var dictionary = (DictionaryArray)part;
            var names = (StringArray)dictionary.Dictionary;
            var map = new int[names.Length];
            for (int d = 0; d < map.Length; d++)
            {
                string className = names.GetString(d);
                map[d] = key.IndexOf(className);
                if (map[d] < 0)
                    throw new DataFormatException(source, $"column '{name}' has the value '{className}', which is not one of its classes ({string.Join(", ", key.ClassNames)}).");
            }
            var indices = dictionary.Indices;
            for (int i = 0; i < part.Length; i++, at++)
                result[at] = indices.IsNull(i) ? KeyColumn.Missing : map[IndexAt(indices, i)];
        }
        return result;
    }

    /// <summary>The distinct dictionary values of all batches, in order of first appearance.</summary>
    private static List<string> DictionaryClassNames(List<IArrowArray> parts)
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (DictionaryArray part in parts)
        {
            var dictionary = (StringArray)part.Dictionary;
            for (int d = 0; d < dictionary.Length; d++)
                if (dictionary.GetString(d) is { } value && seen.Add(value))
                    names.Add(value);
        }
        return names;
    }

    private static string?[] DictionaryStrings(List<IArrowArray> parts, int rows)
    {
        var result = new string?[rows];
        int at = 0;
        foreach (DictionaryArray part in parts)
        {
            var names = (StringArray)part.Dictionary;
            for (int i = 0; i < part.Length; i++, at++)
                result[at] = part.Indices.IsNull(i) ? null : names.GetString(IndexAt(part.Indices, i));
        }
        return result;
    }

    private static int IndexAt(IArrowArray indices, int i) => indices switch
    {
        Int8Array a => a.GetValue(i)!.Value,
        Int16Array a => a.GetValue(i)!.Value,
        Int32Array a => a.GetValue(i)!.Value,
        Int64Array a => checked((int)a.GetValue(i)!.Value),
        UInt8Array a => a.GetValue(i)!.Value,
        UInt16Array a => a.GetValue(i)!.Value,
        UInt32Array a => checked((int)a.GetValue(i)!.Value),
        _ => throw new InvalidDataException($"dictionary indices of type {indices.Data.DataType.Name}"),
    };
}
