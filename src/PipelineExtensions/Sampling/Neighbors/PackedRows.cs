using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>
/// Rows repacked feature-major in blocks of 8 (block b, feature f, lane l at <c>((b·d + f)·8 + l)</c>) so that one
/// 256-bit load holds feature f of 8 candidate rows, and the distance kernel needs no horizontal sums. Unused lanes
/// of the last blocks hold NaN, whose distances compare false and never enter a neighbour list. The block count is
/// rounded up to <see cref="BlockMultiple"/> so kernels can work on whole tiles.
/// </summary>
/// <remarks>
/// Made from a row-major source array (optionally through a row map), the packed copy is made only when
/// <see cref="Data"/> is first read: the screened searches read the rows straight from the source
/// (<see cref="Rows"/>, <see cref="Start"/>, <see cref="Step"/>) and never need it, which saves a copy of every
/// candidate row (10 MB of 13 at 100,000 × 32, 1:4).
/// </remarks>
internal sealed class PackedRows
{
    public const int Lanes = 8;

    private readonly float[]? _source;
    private readonly int[]? _map;
    private float[]? _data;

    /// <summary>Packs <paramref name="count"/> row-major rows now.</summary>
    public PackedRows(ReadOnlySpan<float> rows, int count, int dimension, int blockMultiple = 2)
        : this(count, dimension, blockMultiple)
    {
        _data = GC.AllocateUninitializedArray<float>(checked(Blocks * dimension * Lanes));
        Pack(rows, null, _data);
    }

    /// <summary>
    /// Rows <c>map[i]</c> (or i without a map), i &lt; <paramref name="count"/>, of row-major <paramref name="source"/>,
    /// packed when <see cref="Data"/> is first read. The caller must not change <paramref name="source"/> meanwhile.
    /// </summary>
    public PackedRows(float[] source, int[]? map, int count, int dimension, int blockMultiple = 2)
        : this(count, dimension, blockMultiple)
    {
        if (map != null && map.Length < count || map == null && source.Length < (long)count * dimension)
            throw new ArgumentException($"{count} rows asked of a source with fewer.", nameof(count));
        _source = source;
        _map = map;
    }

    private PackedRows(int count, int dimension, int blockMultiple)
    {
        Count = count;
        Dimension = dimension;
        BlockMultiple = blockMultiple;
        int blocks = (count + Lanes - 1) / Lanes;
        blocks = (blocks + blockMultiple - 1) / blockMultiple * blockMultiple;
        Blocks = Math.Max(blocks, blockMultiple);
    }

    /// <summary>Number of real rows.</summary>
    public int Count { get; }

    public int Dimension { get; }

    /// <summary>Number of 8-row blocks, a multiple of <see cref="BlockMultiple"/>.</summary>
    public int Blocks { get; }

    public int BlockMultiple { get; }

    /// <summary>The packed rows (made on first read from a source; not thread-safe then).</summary>
    public float[] Data
    {
        get
        {
            if (_data == null)
            {
                var data = GC.AllocateUninitializedArray<float>(checked(Blocks * Dimension * Lanes));
                Pack(_source, _map, data);
                _data = data;
            }
            return _data;
        }
    }

    /// <summary>Rows padded to whole blocks: <see cref="Blocks"/> · 8.</summary>
    public int PaddedCount => Blocks * Lanes;

    /// <summary>The array that holds the real rows without packing them: the source, else <see cref="Data"/>.</summary>
    public float[] Rows => _source ?? Data;

    /// <summary>Distance in <see cref="Rows"/> between a row's consecutive features: 1 (source) or 8 (packed).</summary>
    public int Step => _source != null ? 1 : Lanes;

    /// <summary>The source's row map, or null (row i is source row i, or the rows are packed).</summary>
    public int[]? Map => _source != null ? _map : null;

    /// <summary>Where real row <paramref name="row"/>'s feature 0 lies in <see cref="Rows"/>; feature f at + f·<see cref="Step"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Start(int row) => _source == null
        ? (long)(row / Lanes) * Dimension * Lanes + row % Lanes
        : (long)(_map != null ? _map[row] : row) * Dimension;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Pack(ReadOnlySpan<float> rows, int[]? map, float[] data)
    {
        int dimension = Dimension;
        for (int b = 0; b < Blocks; b++)
        {
            var block = data.AsSpan(b * dimension * Lanes, dimension * Lanes);
            for (int l = 0; l < Lanes; l++)
            {
                int row = b * Lanes + l;
                if (row < Count)
                {
                    var x = rows.Slice((map != null ? map[row] : row) * dimension, dimension);
                    for (int f = 0; f < dimension; f++)
                        block[f * Lanes + l] = x[f];
                }
                else
                {
                    for (int f = 0; f < dimension; f++)
                        block[f * Lanes + l] = float.NaN;
                }
            }
        }
    }
}

/// <summary>Row-major rows padded with NaN rows to a multiple of a tile height.</summary>
internal static class PaddedRows
{
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static float[] Create(ReadOnlySpan<float> rows, int count, int dimension, int multiple)
    {
        int padded = Count(count, multiple);
        var result = GC.AllocateUninitializedArray<float>(padded * dimension);
        rows[..(count * dimension)].CopyTo(result);
        result.AsSpan(count * dimension).Fill(float.NaN);
        return result;
    }

    /// <summary>Rows after padding <paramref name="count"/> to a multiple of <paramref name="multiple"/> (at least one).</summary>
    public static int Count(int count, int multiple) => Math.Max(multiple, (count + multiple - 1) / multiple * multiple);

    public static ReadOnlySpan<float> Of(float[] array) => MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(array), array.Length);
}
