using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
        int i = FirstOutOfRange(keys, type.Count);
        if (i >= 0)
            throw new ArgumentOutOfRangeException(nameof(keys), keys[i], $"Column '{name}', row {i}: key {keys[i]} is outside 0..{type.Count - 1} (or -1 for missing).");
        _keys = keys;
    }

    /// <summary>The first index whose key is outside −1..<paramref name="count"/>−1, or −1.</summary>
    // Fully optimised from the first call: samplers build large key columns a few times per process.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int FirstOutOfRange(ReadOnlySpan<int> keys, int count)
    {
        // k + 1 as unsigned is in 0..count exactly when k is in −1..count−1: one add and compare per 8 keys.
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref int start = ref MemoryMarshal.GetReference(keys);
            var one = Vector256<uint>.One;
            var limit = Vector256.Create((uint)count);
            for (; i <= keys.Length - 8; i += 8)
                if (Vector256.GreaterThanAny(Vector256.LoadUnsafe(ref start, (nuint)i).AsUInt32() + one, limit))
                    break;
        }
        for (; i < keys.Length; i++)
            if ((uint)(keys[i] + 1) > (uint)count)
                return i;
        return -1;
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int[] CountPerClass()
    {
        if (KeyType.Count <= 4 && Vector256.IsHardwareAccelerated)
            return CountFewClasses(_keys, KeyType.Count);
        // Four tables, slot 0 for missing keys: consecutive equal keys do not wait on each other's increment,
        // and no branch. Fully optimised from the first call (samplers count once per call).
        int slots = KeyType.Count + 1;
        var tables = new int[4 * slots];
        var keys = _keys;
        int i = 0;
        for (; i <= keys.Length - 4; i += 4)
        {
            tables[keys[i] + 1]++;
            tables[slots + keys[i + 1] + 1]++;
            tables[2 * slots + keys[i + 2] + 1]++;
            tables[3 * slots + keys[i + 3] + 1]++;
        }
        for (; i < keys.Length; i++)
            tables[keys[i] + 1]++;
        var counts = new int[KeyType.Count];
        for (int c = 0; c < counts.Length; c++)
            counts[c] = tables[c + 1] + tables[slots + c + 1] + tables[2 * slots + c + 1] + tables[3 * slots + c + 1];
        return counts;
    }

    // Up to four classes: one compare per class and 8 keys, counted in vector lanes (a match is −1: subtract it).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int[] CountFewClasses(ReadOnlySpan<int> keys, int classes)
    {
        // Classes beyond the key count compare with a value no valid key has.
        var c0 = Vector256.Create(0);
        var c1 = Vector256.Create(classes > 1 ? 1 : int.MinValue);
        var c2 = Vector256.Create(classes > 2 ? 2 : int.MinValue);
        var c3 = Vector256.Create(classes > 3 ? 3 : int.MinValue);
        Vector256<int> n0 = default, n1 = default, n2 = default, n3 = default;
        ref int start = ref MemoryMarshal.GetReference(keys);
        int i = 0;
        for (; i <= keys.Length - 8; i += 8)
        {
            var v = Vector256.LoadUnsafe(ref start, (nuint)i);
            n0 -= Vector256.Equals(v, c0);
            n1 -= Vector256.Equals(v, c1);
            n2 -= Vector256.Equals(v, c2);
            n3 -= Vector256.Equals(v, c3);
        }
        var counts = new int[classes];
        Span<int> all = [Vector256.Sum(n0), Vector256.Sum(n1), Vector256.Sum(n2), Vector256.Sum(n3)];
        all[..classes].CopyTo(counts);
        for (; i < keys.Length; i++)
            if (keys[i] >= 0)
                counts[keys[i]]++;
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
