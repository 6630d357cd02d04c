namespace PipelineExtensions.Data;

/// <summary>
/// One named, typed column of a <see cref="DataTable"/>. Columns are immutable: operations return new columns.
/// Concrete kinds: <see cref="ScalarColumn{T}"/>, <see cref="TextColumn"/>, <see cref="VectorColumn"/>
/// (also used for images) and <see cref="KeyColumn"/>.
/// </summary>
public abstract class DataColumn
{
    /// <summary>Initialises the name and type shared by every column.</summary>
    protected DataColumn(string name, ColumnType type)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("A column needs a non-empty name.", nameof(name));
        Name = name;
        Type = type ?? throw new ArgumentNullException(nameof(type));
    }

    /// <summary>The column name, unique within its table.</summary>
    public string Name { get; }

    /// <summary>The column type.</summary>
    public ColumnType Type { get; }

    /// <summary>Number of rows.</summary>
    public abstract int Length { get; }

    /// <summary>A column with the rows at <paramref name="rows"/>, in that order (rows may repeat).</summary>
    public abstract DataColumn Gather(ReadOnlySpan<int> rows);

    /// <summary>The same data under another name.</summary>
    public abstract DataColumn Rename(string newName);

    /// <summary>This column's rows followed by <paramref name="other"/>'s; both must have the same type.</summary>
    public abstract DataColumn Append(DataColumn other);

    /// <summary>A display string of row <paramref name="row"/> (used by describe and error messages).</summary>
    public abstract string FormatValue(int row);

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Type} [{Length} rows]";

    /// <summary>Checks a row index list against the column length, naming the offending index.</summary>
    protected void CheckRows(ReadOnlySpan<int> rows)
    {
        int n = Length;
        for (int i = 0; i < rows.Length; i++)
            if ((uint)rows[i] >= (uint)n)
                throw new ArgumentOutOfRangeException(nameof(rows), rows[i], $"Row index {rows[i]} (position {i}) is outside column '{Name}' of {n} rows.");
    }

    /// <summary>Throws unless <paramref name="other"/> has exactly this column's type.</summary>
    protected void CheckSameType(DataColumn other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!Type.Equals(other.Type))
            throw new SchemaMismatchException(Name, Type.DisplayName, other.Type.DisplayName, step: "Append rows");
    }
}
