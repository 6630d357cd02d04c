using System.Globalization;

namespace PipelineExtensions.Data.Idx;

/// <summary>Turns IDX arrays into table columns: N×H×W (or N×C×H×W) into images, N×D into vectors, N into keys.</summary>
internal static class IdxColumns
{
    public static VectorColumn ToImageColumn(IdxArray array, string name, PixelScaling scaling, string source)
    {
        var dims = array.Dimensions;
        VectorType type = dims.Length switch
        {
            2 => ColumnType.Vector(dims[1]),
            3 => ColumnType.Image(1, dims[1], dims[2]),
            4 => ColumnType.Image(dims[1], dims[2], dims[3]),
            _ => throw new DataFormatException(source, $"has shape {array.Shape}: one dimension is a label file, not images (expected NxHxW, NxCxHxW or NxD)."),
        };
        if (scaling == PixelScaling.UnitInterval && array.DataType != IdxDataType.UInt8)
            throw new DataFormatException(source, $"holds {array.DataType} values; PixelScaling.UnitInterval divides 8-bit pixels by 255 and needs UInt8 data. Use PixelScaling.None.");
        float divisor = PixelConverter.DivisorFor(scaling);
        var values = array.Singles is { } converted && array.SinglesDivisor == divisor ? converted : PixelConverter.ToSingles(array, divisor);
        return new VectorColumn(name, type, values);
    }

    public static KeyColumn ToKeyColumn(IdxArray array, string name, IReadOnlyList<string>? classNames, string source)
    {
        if (array.Dimensions.Length != 1)
            throw new DataFormatException(source, $"has shape {array.Shape}; a label file has one dimension (N).");
        if (array.DataType is IdxDataType.Float32 or IdxDataType.Float64)
            throw new DataFormatException(source, $"holds {array.DataType} values; labels must be integers.");
        int n = array.Count;
        var keys = new int[n];
        int max = -1;
        for (int i = 0; i < n; i++)
        {
            double v = IdxReader.ElementAt(array, i);
            if (v < 0)
                throw new DataFormatException(source, $"label {v} at row {i} is negative.");
            keys[i] = (int)v;
            max = Math.Max(max, keys[i]);
        }
        KeyType type;
        if (classNames is null)
        {
            type = ColumnType.Key(Enumerable.Range(0, Math.Max(max + 1, 1)).Select(k => k.ToString(CultureInfo.InvariantCulture)).ToArray());
        }
        else
        {
            type = ColumnType.Key(classNames);
            if (max >= type.Count)
            {
                int row = Array.IndexOf(keys, max);
                throw new DataFormatException(source, $"label {max} at row {row} is outside the {type.Count} class names given (0..{type.Count - 1}).");
            }
        }
        return new KeyColumn(name, type, keys);
    }
}
