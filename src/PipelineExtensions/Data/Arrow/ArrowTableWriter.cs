using System.Text;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using PipelineExtensions.Persistence;

namespace PipelineExtensions.Data.Arrow;

/// <summary>
/// Writes a table as Arrow IPC: float/double/int/bool as primitive arrays, text as utf8, vectors and images as
/// FixedSizeList&lt;float&gt;, keys as dictionary&lt;int32, utf8&gt; holding every class name. Each field carries its
/// exact column type as JSON in the metadata key <see cref="TypeMetadataKey"/> (image shape, class names), so a
/// round trip returns the same schema. Numeric buffers wrap the column arrays without copying.
/// </summary>
internal static class ArrowTableWriter
{
    public const string TypeMetadataKey = "pipex.type";

    public static void Write(DataTable table, Stream stream, ArrowFormat format)
    {
        var fields = new List<Field>();
        var arrays = new List<IArrowArray>();
        foreach (var column in table.Columns)
        {
            var (field, array) = Convert(column);
            fields.Add(field);
            arrays.Add(array);
        }
        var schema = new Schema(fields, null);
        var batch = new RecordBatch(schema, arrays, table.RowCount);
        if (format == ArrowFormat.File)
        {
            using var writer = new ArrowFileWriter(stream, schema, leaveOpen: true);
            writer.WriteRecordBatch(batch);
            writer.WriteEnd();
        }
        else
        {
            using var writer = new ArrowStreamWriter(stream, schema, leaveOpen: true);
            writer.WriteRecordBatch(batch);
            writer.WriteEnd();
        }
    }

    private static (Field, IArrowArray) Convert(DataColumn column)
    {
        var metadata = new[] { new KeyValuePair<string, string>(TypeMetadataKey, SchemaJson.ToJson(column.Type).ToJsonString()) };
        int n = column.Length;
        switch (column)
        {
            case ScalarColumn<float> f:
                return (new Field(column.Name, FloatType.Default, false, metadata), new FloatArray(Wrap(f.BackingArray), ArrowBuffer.Empty, n, 0, 0));
            case ScalarColumn<double> d:
                return (new Field(column.Name, DoubleType.Default, false, metadata), new DoubleArray(Wrap(d.BackingArray), ArrowBuffer.Empty, n, 0, 0));
            case ScalarColumn<int> i:
                return (new Field(column.Name, Int32Type.Default, false, metadata), new Int32Array(Wrap(i.BackingArray), ArrowBuffer.Empty, n, 0, 0));
            case ScalarColumn<bool> b:
                return (new Field(column.Name, BooleanType.Default, false, metadata), new BooleanArray(new ArrowBuffer(PackBits(b.Values, v => v)), ArrowBuffer.Empty, n, 0, 0));
            case VectorColumn v:
            {
                var values = new FloatArray(Wrap(v.BackingArray), ArrowBuffer.Empty, v.Data.Length, 0, 0);
                var type = new FixedSizeListType(new Field("item", FloatType.Default, false), v.Size);
                return (new Field(column.Name, type, false, metadata), new FixedSizeListArray(type, n, values, ArrowBuffer.Empty, 0, 0));
            }
            case TextColumn t:
            {
                var (offsets, data, validity, nulls) = EncodeStrings(t.Values);
                return (new Field(column.Name, StringType.Default, true, metadata), new StringArray(n, offsets, data, validity, nulls, 0));
            }
            case KeyColumn k:
            {
                var (offsets, data, _, _) = EncodeStrings(k.KeyType.ClassNames.ToArray());
                var dictionary = new StringArray(k.KeyType.Count, offsets, data, ArrowBuffer.Empty, 0, 0);
                var keys = k.Keys;
                var indices = new int[n];
                int nulls = 0;
                for (int r = 0; r < n; r++)
                {
                    indices[r] = Math.Max(keys[r], 0);
                    nulls += keys[r] < 0 ? 1 : 0;
                }
                var validity = nulls == 0 ? ArrowBuffer.Empty : new ArrowBuffer(PackBits(keys, key => key >= 0));
                var type = new DictionaryType(Int32Type.Default, StringType.Default, false);
                var array = new DictionaryArray(type, new Int32Array(Wrap(indices), validity, n, nulls, 0), dictionary);
                return (new Field(column.Name, type, true, metadata), array);
            }
            default:
                throw new NotSupportedException($"Column '{column.Name}' of type {column.Type.DisplayName} has no Arrow form.");
        }
    }

    // The column owns its array and never mutates it, so the Arrow buffer can view it directly.
    private static ArrowBuffer Wrap<T>(T[] values) where T : unmanaged => new(ByteMemoryManager<T>.Wrap(values));

    private static byte[] PackBits<T>(ReadOnlySpan<T> values, Func<T, bool> bit)
    {
        var bits = new byte[(values.Length + 7) / 8];
        for (int i = 0; i < values.Length; i++)
            if (bit(values[i]))
                bits[i >> 3] |= (byte)(1 << (i & 7));
        return bits;
    }

    private static (ArrowBuffer Offsets, ArrowBuffer Data, ArrowBuffer Validity, int Nulls) EncodeStrings(ReadOnlySpan<string?> values)
    {
        var offsets = new int[values.Length + 1];
        long total = 0;
        int nulls = 0;
        for (int i = 0; i < values.Length; i++)
        {
            total += values[i] is { } s ? Encoding.UTF8.GetByteCount(s) : 0;
            nulls += values[i] is null ? 1 : 0;
            if (total > int.MaxValue)
                throw new NotSupportedException("A text column holds more than 2 GiB of UTF-8; Arrow utf8 arrays are limited to that.");
            offsets[i + 1] = (int)total;
        }
        var data = new byte[total];
        for (int i = 0; i < values.Length; i++)
            if (values[i] is { } s)
                Encoding.UTF8.GetBytes(s, data.AsSpan(offsets[i]));
        var validity = nulls == 0 ? ArrowBuffer.Empty : new ArrowBuffer(PackBits(values, v => v is not null));
        return (Wrap(offsets), new ArrowBuffer(data), validity, nulls);
    }
}
