namespace PipelineExtensions.Data;

/// <summary>
/// An immutable table of named, typed columns of equal length — the data that flows through pipelines
/// (the role of ML.NET's IDataView, materialised in memory).
/// </summary>
/// <example>
/// <code>
/// var table = new DataTable(
///     new VectorColumn("Features", ColumnType.Vector(2), [0f, 1f, 2f, 3f]),
///     new KeyColumn("Label", ColumnType.Key(["cat", "dog"]), [0, 1]));
/// var features = table.GetColumn&lt;VectorColumn&gt;("Features");
/// </code>
/// </example>
public sealed class DataTable
{
    private readonly DataColumn[] _columns;
    private readonly Dictionary<string, int> _index;

    /// <summary>Creates a table; column names must be unique and all columns must have the same length.</summary>
    public DataTable(params IEnumerable<DataColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _columns = columns.ToArray();
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _columns.Length; i++)
        {
            var column = _columns[i] ?? throw new ArgumentException($"Column {i} is null.", nameof(columns));
            if (!_index.TryAdd(column.Name, i))
                throw new ArgumentException($"Column name '{column.Name}' appears twice.", nameof(columns));
            if (column.Length != _columns[0].Length)
                throw new ArgumentException(
                    $"Column '{column.Name}' has {column.Length} rows but column '{_columns[0].Name}' has {_columns[0].Length}; all columns need the same length.",
                    nameof(columns));
        }
        RowCount = _columns.Length == 0 ? 0 : _columns[0].Length;
        Schema = new DataSchema(_columns.Select(c => new SchemaColumn(c.Name, c.Type)));
    }

    /// <summary>Number of rows.</summary>
    public int RowCount { get; }

    /// <summary>Column names and types.</summary>
    public DataSchema Schema { get; }

    /// <summary>The columns in order.</summary>
    public IReadOnlyList<DataColumn> Columns => _columns;

    /// <summary>The column called <paramref name="name"/>.</summary>
    /// <exception cref="ColumnNotFoundException">No such column; the message lists the existing ones.</exception>
    public DataColumn this[string name] => GetColumn(name);

    /// <summary>The column called <paramref name="name"/>.</summary>
    /// <exception cref="ColumnNotFoundException">No such column; the message lists the existing ones.</exception>
    public DataColumn GetColumn(string name) =>
        _index.TryGetValue(name, out int i) ? _columns[i] : throw new ColumnNotFoundException(name, Schema);

    /// <summary>The column called <paramref name="name"/> as the column kind <typeparamref name="TColumn"/>.</summary>
    /// <exception cref="ColumnNotFoundException">No such column.</exception>
    /// <exception cref="SchemaMismatchException">The column is of another kind; the message names both.</exception>
    public TColumn GetColumn<TColumn>(string name) where TColumn : DataColumn
    {
        var column = GetColumn(name);
        return column as TColumn ?? throw new SchemaMismatchException(name, KindName(typeof(TColumn)), column.Type.DisplayName);
    }

    /// <summary>True when a column called <paramref name="name"/> exists.</summary>
    public bool HasColumn(string name) => _index.ContainsKey(name);

    /// <summary>A table with <paramref name="column"/> added, or replacing the column of the same name in place.</summary>
    public DataTable WithColumn(DataColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var list = _columns.ToList();
        if (_index.TryGetValue(column.Name, out int i))
            list[i] = column;
        else
            list.Add(column);
        return new DataTable(list);
    }

    /// <summary>A table without the named columns.</summary>
    /// <exception cref="ColumnNotFoundException">A name does not exist.</exception>
    public DataTable WithoutColumns(params string[] names)
    {
        foreach (var name in names)
            GetColumn(name);
        var drop = new HashSet<string>(names, StringComparer.Ordinal);
        return new DataTable(_columns.Where(c => !drop.Contains(c.Name)));
    }

    /// <summary>A table with only the named columns, in the given order.</summary>
    /// <exception cref="ColumnNotFoundException">A name does not exist.</exception>
    public DataTable SelectColumns(params string[] names) => new(names.Select(GetColumn));

    /// <summary>A table with the rows at <paramref name="rows"/> in that order (rows may repeat).</summary>
    public DataTable Gather(ReadOnlySpan<int> rows)
    {
        var columns = new DataColumn[_columns.Length];
        for (int c = 0; c < columns.Length; c++)
            columns[c] = _columns[c].Gather(rows);
        return new DataTable(columns);
    }

    /// <summary>The rows <c>[start, start+count)</c>.</summary>
    public DataTable Slice(int start, int count)
    {
        if (start < 0 || count < 0 || start + count > RowCount)
            throw new ArgumentOutOfRangeException(nameof(start), $"Rows [{start}, {start + count}) are outside the table of {RowCount} rows.");
        var rows = new int[count];
        for (int i = 0; i < count; i++)
            rows[i] = start + i;
        return Gather(rows);
    }

    /// <summary>This table's rows followed by <paramref name="other"/>'s; both need the same schema.</summary>
    /// <exception cref="SchemaMismatchException">The schemas differ.</exception>
    public DataTable AppendRows(DataTable other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!Schema.SameAs(other.Schema))
            throw new SchemaMismatchException("(table)", Schema.ToString(), other.Schema.ToString(), "Append rows");
        var columns = new DataColumn[_columns.Length];
        for (int c = 0; c < columns.Length; c++)
            columns[c] = _columns[c].Append(other._columns[c]);
        return new DataTable(columns);
    }

    /// <inheritdoc />
    public override string ToString() => $"DataTable [{RowCount} rows] {Schema}";

    private static string KindName(Type columnType) =>
        columnType == typeof(VectorColumn) ? "Vector<Single> or Image" :
        columnType == typeof(KeyColumn) ? "Key" :
        columnType == typeof(TextColumn) ? "Text" :
        columnType.IsGenericType ? columnType.GetGenericArguments()[0].Name :
        columnType.Name;
}
