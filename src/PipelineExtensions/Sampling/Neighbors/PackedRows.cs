using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
/// (<see cref="Rows"/>, <see cref="Start(int)"/>, <see cref="Step"/>) and never need it, which saves a copy of every
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
    /// Packs <paramref name="count"/> row-major rows now into <paramref name="buffer"/> (caller-owned scratch, e.g. pooled:
    /// fresh memory costs a page fault per 4 KB, ~1 ms for 20k × 32): <see cref="Data"/> is that buffer, of at least
    /// <see cref="LengthFor"/> floats; entries after them are not part of the rows.
    /// </summary>
    public PackedRows(ReadOnlySpan<float> rows, int count, int dimension, float[] buffer)
        : this(count, dimension, 2)
    {
        if (buffer.Length < LengthFor(count, dimension))
            throw new ArgumentException($"The packing buffer holds {buffer.Length} floats, {LengthFor(count, dimension)} needed.", nameof(buffer));
        _data = buffer;
        Pack(rows, null, buffer);
    }

    /// <summary>Floats the packed form of <paramref name="count"/> rows takes (blocks a multiple of <paramref name="blockMultiple"/>).</summary>
    public static int LengthFor(int count, int dimension, int blockMultiple = 2) =>
        checked(new PackedRows(count, dimension, blockMultiple).Blocks * dimension * Lanes);

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
    public long Start(int row) => Start(row, Dimension, Step, Map);

    /// <summary>
    /// Where row <paramref name="row"/>'s feature 0 lies in rows of <paramref name="dimension"/> features laid out as
    /// <paramref name="step"/> says: 8, packed; 1, row-major, row <paramref name="map"/>[row] when given.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Start(int row, int dimension, int step, int[]? map) => step != 1
        ? (long)(row & ~(Lanes - 1)) * dimension + (row & (Lanes - 1))
        : (long)(map != null ? map[row] : row) * dimension;

    /// <summary>Floats from which the packing is split over the cores.</summary>
    internal const int ParallelFloats = 1 << 18;

    private unsafe void Pack(ReadOnlySpan<float> rows, int[]? map, float[] data)
    {
        int parts = (long)Blocks * Dimension * Lanes >= ParallelFloats ? Environment.ProcessorCount : 1;
        if (parts == 1)
        {
            PackBlocks(rows, map, data, 0, Blocks);
            return;
        }
        // Each part packs its own blocks (a serial step of every search otherwise: ~1.5 ms for 20k × 32).
        fixed (float* source = rows)
        {
            float* s = source;
            int length = rows.Length, total = Blocks;
            Parallel.For(0, parts, p =>
                PackBlocks(new ReadOnlySpan<float>(s, length), map, data, (int)((long)total * p / parts), (int)((long)total * (p + 1) / parts)));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PackBlocks(ReadOnlySpan<float> rows, int[]? map, float[] data, int firstBlock, int endBlock)
    {
        int dimension = Dimension;
        int b = firstBlock;
        if (Avx.IsSupported && dimension % Lanes == 0)
        {
            // Blocks of 8 real rows: 8×8 transposes in registers instead of 8 strided scalar stores per row.
            ref float source = ref MemoryMarshal.GetReference(rows);
            ref float target = ref MemoryMarshal.GetArrayDataReference(data);
            Span<nint> starts = stackalloc nint[Lanes];
            for (; b < endBlock && (b + 1) * Lanes <= Count; b++)
            {
                for (int l = 0; l < Lanes; l++)
                {
                    int row = b * Lanes + l;
                    starts[l] = (nint)(map != null ? map[row] : row) * dimension;
                }
                for (int f = 0; f < dimension; f += Lanes)
                    Transpose8(ref source, starts, f, ref Unsafe.Add(ref target, ((nint)b * dimension + f) * Lanes));
            }
        }
        for (; b < endBlock; b++)
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

    /// <summary>Writes features [f, f + 8) of the 8 rows starting at <paramref name="starts"/> feature-major: feature f + j's 8 lanes at [8j, 8j + 8).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8(ref float source, ReadOnlySpan<nint> starts, int f, ref float output)
    {
        var r0 = Vector256.LoadUnsafe(ref source, (nuint)(starts[0] + f));
        var r1 = Vector256.LoadUnsafe(ref source, (nuint)(starts[1] + f));
        var r2 = Vector256.LoadUnsafe(ref source, (nuint)(starts[2] + f));
        var r3 = Vector256.LoadUnsafe(ref source, (nuint)(starts[3] + f));
        var r4 = Vector256.LoadUnsafe(ref source, (nuint)(starts[4] + f));
        var r5 = Vector256.LoadUnsafe(ref source, (nuint)(starts[5] + f));
        var r6 = Vector256.LoadUnsafe(ref source, (nuint)(starts[6] + f));
        var r7 = Vector256.LoadUnsafe(ref source, (nuint)(starts[7] + f));
        // Pairs of rows interleaved, then quadruples (features j and j + 4 of rows 0–3 / 4–7 in the two halves), then halves swapped.
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44); var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44); var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref output);
        Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref output, 8);
        Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref output, 16);
        Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref output, 24);
        Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref output, 32);
        Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref output, 40);
        Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref output, 48);
        Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref output, 56);
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
