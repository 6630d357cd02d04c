using System.Numerics;
using System.Runtime.InteropServices;
using PipelineExtensions.Data;

namespace PipelineExtensions.Diagnostics;

/// <summary>
/// A hash index of the rows of a vector column for exact-duplicate look-ups: rows are equal when their float
/// bits are identical. Hashes are computed on every core; equal hashes are confirmed by comparing the rows.
/// </summary>
internal sealed class RowIndex
{
    private readonly VectorColumn _rows;
    private readonly Dictionary<ulong, int> _first;
    private readonly int[] _next;

    public RowIndex(VectorColumn rows)
    {
        _rows = rows;
        Hashes = HashRows(rows);
        _first = new Dictionary<ulong, int>(rows.Length);
        _next = new int[rows.Length];
        // Insert from the end so each chain lists rows in ascending order.
        for (int i = rows.Length - 1; i >= 0; i--)
        {
            _next[i] = _first.TryGetValue(Hashes[i], out int head) ? head : -1;
            _first[Hashes[i]] = i;
        }
    }

    /// <summary>The hash of every row.</summary>
    public ulong[] Hashes { get; }

    /// <summary>The first indexed row identical to <paramref name="row"/> (whose hash is <paramref name="hash"/>), or −1.</summary>
    public int Find(ReadOnlySpan<float> row, ulong hash)
    {
        if (!_first.TryGetValue(hash, out int i))
            return -1;
        for (; i >= 0; i = _next[i])
            if (Same(_rows.Row(i), row))
                return i;
        return -1;
    }

    /// <summary>The indexed rows identical to row <paramref name="row"/> of the indexed column, itself included, ascending.</summary>
    public List<int> Twins(int row)
    {
        var twins = new List<int>();
        var values = _rows.Row(row);
        for (int i = _first[Hashes[row]]; i >= 0; i = _next[i])
            if (Same(_rows.Row(i), values))
                twins.Add(i);
        return twins;
    }

    /// <summary>True when some other row shares row <paramref name="row"/>'s hash (cheap pre-test for <see cref="Twins"/>).</summary>
    public bool MayHaveTwins(int row) => _first[Hashes[row]] != row || _next[row] >= 0;

    /// <summary>Hashes every row (a 64-bit multiply-rotate hash over the raw bits), in parallel over row blocks.</summary>
    public static ulong[] HashRows(VectorColumn column)
    {
        var hashes = new ulong[column.Length];
        const int block = 1024;
        Parallel.For(0, (column.Length + block - 1) / block, b =>
        {
            int end = Math.Min(column.Length, (b + 1) * block);
            for (int i = b * block; i < end; i++)
                hashes[i] = Hash(column.Row(i));
        });
        return hashes;
    }

    /// <summary>The hash of one row.</summary>
    public static ulong Hash(ReadOnlySpan<float> row)
    {
        const ulong k1 = 0x9E3779B185EBCA87UL, k2 = 0xC2B2AE3D27D4EB4FUL;
        var bytes = MemoryMarshal.AsBytes(row);
        var words = MemoryMarshal.Cast<byte, ulong>(bytes);
        ulong h = k2 ^ (ulong)row.Length;
        foreach (ulong w in words)
            h = BitOperations.RotateLeft(h ^ (w * k1), 31) * k2;
        if ((row.Length & 1) != 0)
            h = BitOperations.RotateLeft(h ^ (MemoryMarshal.Read<uint>(bytes[^4..]) * k1), 31) * k2;
        h ^= h >> 33;
        h *= k1;
        return h ^ (h >> 29);
    }

    private static bool Same(ReadOnlySpan<float> a, ReadOnlySpan<float> b) =>
        MemoryMarshal.AsBytes(a).SequenceEqual(MemoryMarshal.AsBytes(b));
}
