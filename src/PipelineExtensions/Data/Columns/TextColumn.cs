namespace PipelineExtensions.Data;

/// <summary>A column of strings; <c>null</c> marks a missing value.</summary>
public sealed class TextColumn : DataColumn
{
    private readonly string?[] _values;

    /// <summary>Creates a column that takes ownership of <paramref name="values"/> (no copy is made).</summary>
    public TextColumn(string name, string?[] values) : base(name, ColumnType.Text)
    {
        _values = values ?? throw new ArgumentNullException(nameof(values));
    }

    /// <summary>The values, one per row.</summary>
    public ReadOnlySpan<string?> Values => _values;

    /// <summary>The value at <paramref name="row"/>.</summary>
    public string? this[int row] => _values[row];

    /// <inheritdoc />
    public override int Length => _values.Length;

    /// <inheritdoc />
    public override DataColumn Gather(ReadOnlySpan<int> rows)
    {
        CheckRows(rows);
        var result = new string?[rows.Length];
        for (int i = 0; i < rows.Length; i++)
            result[i] = _values[rows[i]];
        return new TextColumn(Name, result);
    }

    /// <inheritdoc />
    public override DataColumn Rename(string newName) => new TextColumn(newName, _values);

    /// <inheritdoc />
    public override DataColumn Append(DataColumn other)
    {
        CheckSameType(other);
        return new TextColumn(Name, [.. _values, .. ((TextColumn)other)._values]);
    }

    /// <inheritdoc />
    public override string FormatValue(int row) => _values[row] ?? "<missing>";
}
