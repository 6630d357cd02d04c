using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PipelineExtensions.Sampling.Neighbors;

internal static partial class Int8Tile
{
    /// <summary>
    /// The verdict of <see cref="ComputeScreened"/> (row thresholds only) over <paramref name="tiles"/> consecutive
    /// 16-candidate tiles: the index of the first tile with a value ≤ its row's threshold, or <paramref name="tiles"/>
    /// when none has. No values are kept: the cascade in front of the 16-bit screen
    /// (<see cref="NearestNeighbours.NearestBelow"/>) recomputes a passing tile there. With <see cref="WideKernels"/>
    /// the AVX-512 kernel (<see cref="FirstPassingAvx512"/>), else the AVX2 one tile by tile.
    /// </summary>
    /// <param name="q">First of 6 consecutive query rows.</param>
    /// <param name="c">First of 2·<paramref name="tiles"/> consecutive packed blocks.</param>
    /// <param name="quads">Feature quads per row.</param>
    /// <param name="tiles">Tiles of 16 candidates.</param>
    /// <param name="qNorms">6 reduced norms of the query rows.</param>
    /// <param name="cNorms">The candidates' reduced norms.</param>
    /// <param name="qFactors">6 query factors κ_q.</param>
    /// <param name="cFactors">The candidates' factors κ_c.</param>
    /// <param name="cOffsets">The candidates' offsets 32·Σc̃.</param>
    /// <param name="rowThresholds">6 floats.</param>
    /// <param name="scratch"><see cref="DotTile.Size"/> floats for the AVX2 kernel's values.</param>
    public static unsafe int FirstPassing(byte* q, byte* c, int quads, int tiles, float* qNorms, float* cNorms, float* qFactors, float* cFactors, int* cOffsets, float* rowThresholds, float* scratch) =>
        WideKernels.Enabled
            ? FirstPassingAvx512(q, c, quads, tiles, qNorms, cNorms, qFactors, cFactors, cOffsets, rowThresholds)
            : FirstPassingAvx2(q, c, quads, tiles, qNorms, cNorms, qFactors, cFactors, cOffsets, rowThresholds, scratch);

    /// <summary><see cref="FirstPassing"/> by <see cref="ComputeScreened"/>, one tile per call.</summary>
    internal static unsafe int FirstPassingAvx2(byte* q, byte* c, int quads, int tiles, float* qNorms, float* cNorms, float* qFactors, float* cFactors, int* cOffsets, float* rowThresholds, float* scratch)
    {
        for (int t = 0; t < tiles; t++)
            if (ComputeScreened(q, c + 64L * quads * t, quads, scratch, qNorms, cNorms + 16 * t, qFactors, cFactors + 16 * t, cOffsets + 16 * t, rowThresholds, null))
                return t;
        return tiles;
    }
}
