using System.Globalization;

namespace PipelineExtensions.Data;

/// <summary>
/// A column of fixed-length float32 vectors stored contiguously (row-major: row i occupies
/// <c>[i·Size, (i+1)·Size)</c>). With an <see cref="ImageType"/> each row is a C×H×W image in CHW order.
/// </summary>
public sealed class VectorColumn : DataColumn
{
    private readonly float[] _data;

    /// <summary>Creates a vector column that takes ownership of <paramref name="data"/> (no copy is made).</summary>
    /// <param name="name">Column name.</param>
    /// <param name="type">A <see cref="VectorType"/> or <see cref="ImageType"/>.</param>
    /// <param name="data">Row-major values; its length must be a multiple of the vector size.</param>
    public VectorColumn(string name, VectorType type, float[] data) : base(name, type)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length % type.Size != 0)
            throw new ArgumentException($"Column '{name}': {data.Length} values do not divide into rows of {type.Size} ({type.DisplayName}).", nameof(data));
        _data = data;
        RowCount = data.Length / type.Size;
    }

    private int RowCount { get; }

    /// <summary>The vector (or image) type of this column.</summary>
    public VectorType VectorType => (VectorType)Type;

    /// <summary>Elements per row.</summary>
    public int Size => VectorType.Size;

    /// <summary>All values, row-major.</summary>
    public ReadOnlySpan<float> Data => _data;

    /// <summary>The backing array, for zero-copy consumers inside the library (never mutate it).</summary>
    internal float[] BackingArray => _data;

    /// <summary>The values of row <paramref name="row"/>.</summary>
    public ReadOnlySpan<float> Row(int row) => new(_data, checked(row * Size), Size);

    /// <inheritdoc />
    public override int Length => RowCount;

    /// <inheritdoc />
    public override DataColumn Gather(ReadOnlySpan<int> rows)
    {
        CheckRows(rows);
        int size = Size;
        var result = new float[checked(rows.Length * size)];
        for (int i = 0; i < rows.Length; i++)
            Array.Copy(_data, rows[i] * size, result, i * size, size);
        return new VectorColumn(Name, VectorType, result);
    }

    /// <inheritdoc />
    public override DataColumn Rename(string newName) => new VectorColumn(newName, VectorType, _data);

    /// <inheritdoc />
    public override DataColumn Append(DataColumn other)
    {
        CheckSameType(other);
        return new VectorColumn(Name, VectorType, [.. _data, .. ((VectorColumn)other)._data]);
    }

    /// <inheritdoc />
    public override string FormatValue(int row)
    {
        var values = Row(row);
        int shown = Math.Min(values.Length, 6);
        var parts = new string[shown];
        for (int i = 0; i < shown; i++)
            parts[i] = values[i].ToString("G4", CultureInfo.InvariantCulture);
        return "[" + string.Join(", ", parts) + (values.Length > shown ? ", ...]" : "]");
    }
}
