using System.Collections;

namespace PipelineExtensions.Data;

/// <summary>A column name and type, one entry of a <see cref="DataSchema"/>.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Type">Column type.</param>
public sealed record SchemaColumn(string Name, ColumnType Type)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Type.DisplayName})";
}

/// <summary>
/// The ordered names and types of a table's columns. Estimators and transformers compute their output
/// schema from an input schema, so a whole chain is checked before any data flows.
/// </summary>
public sealed class DataSchema : IReadOnlyList<SchemaColumn>
{
    private readonly SchemaColumn[] _columns;
    private readonly Dictionary<string, int> _index;

    /// <summary>Creates a schema; names must be unique.</summary>
    public DataSchema(IEnumerable<SchemaColumn> columns)
    {
        _columns = columns.ToArray();
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _columns.Length; i++)
            if (!_index.TryAdd(_columns[i].Name, i))
                throw new ArgumentException($"Column name '{_columns[i].Name}' appears twice in the schema.", nameof(columns));
    }

    /// <summary>An empty schema.</summary>
    public static DataSchema Empty { get; } = new([]);

    /// <inheritdoc />
    public int Count => _columns.Length;

    /// <inheritdoc />
    public SchemaColumn this[int index] => _columns[index];

    /// <summary>The column called <paramref name="name"/>.</summary>
    /// <exception cref="ColumnNotFoundException">No such column; the message lists the existing ones.</exception>
    public SchemaColumn this[string name] => TryGet(name, out var column) ? column : throw new ColumnNotFoundException(name, this);

    /// <summary>True when a column called <paramref name="name"/> exists.</summary>
    public bool Contains(string name) => _index.ContainsKey(name);

    /// <summary>Finds a column by name.</summary>
    public bool TryGet(string name, out SchemaColumn column)
    {
        if (_index.TryGetValue(name, out int i))
        {
            column = _columns[i];
            return true;
        }
        column = null!;
        return false;
    }

    /// <summary>
    /// Checks that column <paramref name="name"/> exists and that its type passes <paramref name="accepts"/>.
    /// </summary>
    /// <param name="name">The column the step reads.</param>
    /// <param name="accepts">The type test.</param>
    /// <param name="expected">What the step expects, for the message (e.g. "Key" or "Vector&lt;Single&gt;").</param>
    /// <param name="step">The step that reads it, for the message.</param>
    /// <returns>The column's schema entry.</returns>
    /// <exception cref="SchemaMismatchException">Missing column or wrong type; the message names column, expected and actual type.</exception>
    public SchemaColumn Require(string name, Func<ColumnType, bool> accepts, string expected, string? step = null)
    {
        if (!TryGet(name, out var column))
            throw new SchemaMismatchException(name, expected, null, step, Names);
        if (!accepts(column.Type))
            throw new SchemaMismatchException(name, expected, column.Type.DisplayName, step);
        return column;
    }

    /// <summary>A schema with <paramref name="column"/> added at the end, or replacing the column of the same name in place.</summary>
    public DataSchema With(SchemaColumn column)
    {
        var list = _columns.ToList();
        int i = list.FindIndex(c => c.Name == column.Name);
        if (i >= 0)
            list[i] = column;
        else
            list.Add(column);
        return new DataSchema(list);
    }

    /// <summary>A schema without the named columns (names that do not exist are an error).</summary>
    public DataSchema Without(params string[] names)
    {
        foreach (var name in names)
            if (!Contains(name))
                throw new ColumnNotFoundException(name, this);
        var drop = new HashSet<string>(names, StringComparer.Ordinal);
        return new DataSchema(_columns.Where(c => !drop.Contains(c.Name)));
    }

    /// <summary>The column names in order.</summary>
    public IReadOnlyList<string> Names => _columns.Select(c => c.Name).ToArray();

    /// <inheritdoc />
    public IEnumerator<SchemaColumn> GetEnumerator() => ((IEnumerable<SchemaColumn>)_columns).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", _columns.Select(c => c.ToString()));

    /// <summary>True when both schemas have the same names and types in the same order.</summary>
    public bool SameAs(DataSchema other) => other is not null && _columns.SequenceEqual(other._columns);
}
