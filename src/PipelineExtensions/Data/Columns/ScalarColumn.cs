using System.Globalization;

namespace PipelineExtensions.Data;

/// <summary>A column of scalar values: <see cref="float"/>, <see cref="double"/>, <see cref="int"/> or <see cref="bool"/>.</summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class ScalarColumn<T> : DataColumn where T : unmanaged
{
    private readonly T[] _values;

    /// <summary>Creates a column that takes ownership of <paramref name="values"/> (no copy is made).</summary>
    public ScalarColumn(string name, T[] values) : base(name, ScalarType.For<T>())
    {
        _values = values ?? throw new ArgumentNullException(nameof(values));
    }

    /// <summary>The values, one per row.</summary>
    public ReadOnlySpan<T> Values => _values;

    /// <summary>The backing array, for zero-copy consumers inside the library (never mutate it).</summary>
    internal T[] BackingArray => _values;

    /// <summary>The value at <paramref name="row"/>.</summary>
    public T this[int row] => _values[row];

    /// <inheritdoc />
    public override int Length => _values.Length;

    /// <inheritdoc />
    public override DataColumn Gather(ReadOnlySpan<int> rows)
    {
        CheckRows(rows);
        var result = new T[rows.Length];
        for (int i = 0; i < rows.Length; i++)
            result[i] = _values[rows[i]];
        return new ScalarColumn<T>(Name, result);
    }

    /// <inheritdoc />
    public override DataColumn Rename(string newName) => new ScalarColumn<T>(newName, _values);

    /// <inheritdoc />
    public override DataColumn Append(DataColumn other)
    {
        CheckSameType(other);
        return new ScalarColumn<T>(Name, [.. _values, .. ((ScalarColumn<T>)other)._values]);
    }

    /// <inheritdoc />
    public override string FormatValue(int row) => _values[row] switch
    {
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        var v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>A copy of the values as a new array.</summary>
    public T[] ToArray() => (T[])_values.Clone();
}
