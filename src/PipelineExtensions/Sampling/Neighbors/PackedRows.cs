using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>
/// Rows repacked feature-major in blocks of 8 (block b, feature f, lane l at <c>((b·d + f)·8 + l)</c>) so that one
/// 256-bit load holds feature f of 8 candidate rows, and the distance kernel needs no horizontal sums. Unused lanes
/// of the last blocks hold NaN, whose distances compare false and never enter a neighbour list. The block count is
/// rounded up to <see cref="BlockMultiple"/> so kernels can work on whole tiles.
/// </summary>
internal sealed class PackedRows
{
    public const int Lanes = 8;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public PackedRows(ReadOnlySpan<float> rows, int count, int dimension, int blockMultiple = 2)
    {
        Count = count;
        Dimension = dimension;
        BlockMultiple = blockMultiple;
        int blocks = (count + Lanes - 1) / Lanes;
        blocks = (blocks + blockMultiple - 1) / blockMultiple * blockMultiple;
        Blocks = Math.Max(blocks, blockMultiple);
        Data = GC.AllocateUninitializedArray<float>(checked(Blocks * dimension * Lanes));
        for (int b = 0; b < Blocks; b++)
        {
            var block = Data.AsSpan(b * dimension * Lanes, dimension * Lanes);
            for (int l = 0; l < Lanes; l++)
            {
                int row = b * Lanes + l;
                if (row < count)
                {
                    var x = rows.Slice(row * dimension, dimension);
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

    /// <summary>Number of real rows.</summary>
    public int Count { get; }

    public int Dimension { get; }

    /// <summary>Number of 8-row blocks, a multiple of <see cref="BlockMultiple"/>.</summary>
    public int Blocks { get; }

    public int BlockMultiple { get; }

    public float[] Data { get; }

    /// <summary>Rows padded to whole blocks: <see cref="Blocks"/> · 8.</summary>
    public int PaddedCount => Blocks * Lanes;
}

/// <summary>Row-major rows padded with NaN rows to a multiple of a tile height.</summary>
internal static class PaddedRows
{
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static float[] Create(ReadOnlySpan<float> rows, int count, int dimension, int multiple)
    {
        int padded = Math.Max(multiple, (count + multiple - 1) / multiple * multiple);
        var result = GC.AllocateUninitializedArray<float>(padded * dimension);
        rows[..(count * dimension)].CopyTo(result);
        result.AsSpan(count * dimension).Fill(float.NaN);
        return result;
    }

    public static ReadOnlySpan<float> Of(float[] array) => MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(array), array.Length);
}
