namespace PipelineExtensions.Data;

/// <summary>
/// A column of keys: class indices 0..K−1 with class names kept in its <see cref="KeyType"/>; −1 marks a
/// missing or unknown value. Labels of classification data live in key columns.
/// </summary>
public sealed class KeyColumn : DataColumn
{
    /// <summary>The value that marks a missing or unknown key.</summary>
    public const int Missing = -1;

    private readonly int[] _keys;

    /// <summary>Creates a key column that takes ownership of <paramref name="keys"/> (no copy is made).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A key is outside −1..K−1; the message names the row.</exception>
    public KeyColumn(string name, KeyType type, int[] keys) : base(name, type)
    {
        ArgumentNullException.ThrowIfNull(keys);
        for (int i = 0; i < keys.Length; i++)
            if (keys[i] < Missing || keys[i] >= type.Count)
                throw new ArgumentOutOfRangeException(nameof(keys), keys[i], $"Column '{name}', row {i}: key {keys[i]} is outside 0..{type.Count - 1} (or -1 for missing).");
        _keys = keys;
    }

    /// <summary>The key type with its class names.</summary>
    public KeyType KeyType => (KeyType)Type;

    /// <summary>The class indices, one per row.</summary>
    public ReadOnlySpan<int> Keys => _keys;

    /// <summary>The class index at <paramref name="row"/>.</summary>
    public int this[int row] => _keys[row];

    /// <inheritdoc />
    public override int Length => _keys.Length;

    /// <summary>Number of rows of each class (missing keys are not counted).</summary>
    public int[] CountPerClass()
    {
        var counts = new int[KeyType.Count];
        foreach (int k in _keys)
            if (k >= 0)
                counts[k]++;
        return counts;
    }

    /// <inheritdoc />
    public override DataColumn Gather(ReadOnlySpan<int> rows)
    {
        CheckRows(rows);
        var result = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++)
            result[i] = _keys[rows[i]];
        return new KeyColumn(Name, KeyType, result);
    }

    /// <inheritdoc />
    public override DataColumn Rename(string newName) => new KeyColumn(newName, KeyType, _keys);

    /// <inheritdoc />
    public override DataColumn Append(DataColumn other)
    {
        CheckSameType(other);
        return new KeyColumn(Name, KeyType, [.. _keys, .. ((KeyColumn)other)._keys]);
    }

    /// <inheritdoc />
    public override string FormatValue(int row) => _keys[row] < 0 ? "<missing>" : KeyType.ClassNames[_keys[row]];
}
