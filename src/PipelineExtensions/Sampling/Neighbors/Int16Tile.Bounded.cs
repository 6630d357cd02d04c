using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace PipelineExtensions.Sampling.Neighbors;

internal static partial class Int16Tile
{
    /// <summary>
    /// <see cref="ComputeScreened"/> (row thresholds only) over <paramref name="tiles"/> consecutive 16-candidate tiles,
    /// with the integer pre-verdict of <see cref="Int16Bounds"/>: a tile's sums start at −B_c, and when each of its 96
    /// lies below its row's A_q the tile is rejected before the float epilogue (its float values would all lie above
    /// the rows' bounds, hence above their thresholds); otherwise B_c is added back and the plain kernel's epilogue
    /// runs. Returns the index of the first tile whose verdict is true, its values in <paramref name="result"/> as the
    /// plain kernel's, or <paramref name="tiles"/> when none is. One call per run of tiles: the block loop's per-call
    /// work (ten arguments, four of them on the stack) was ~8–10 % of the search's samples with a call per tile.
    /// </summary>
    /// <param name="q">First of 6 consecutive quantized query rows.</param>
    /// <param name="c">First of 2·<paramref name="tiles"/> consecutive quantized packed blocks.</param>
    /// <param name="pairs">Feature pairs per row.</param>
    /// <param name="tiles">Tiles of 16 candidates.</param>
    /// <param name="result"><see cref="DotTile.Size"/> floats: the passing tile's values (other tiles may leave values there too).</param>
    /// <param name="qNorms">6 reduced norms of the query rows.</param>
    /// <param name="cNorms">The candidates' reduced norms.</param>
    /// <param name="scale">−2s².</param>
    /// <param name="rowThresholds">6 floats, each at most its row's bound.</param>
    /// <param name="rowBounds">6 A_q of the query rows.</param>
    /// <param name="negatedOffsets">−B_c of the candidates.</param>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static unsafe int ComputeScreenedBounded(short* q, short* c, int pairs, int tiles, float* result, float* qNorms, float* cNorms, float scale, float* rowThresholds, int* rowBounds, int* negatedOffsets)
    {
        int* qBase = (int*)q;
        nint stride = (nint)pairs * 8, r1 = pairs, r2 = 2 * (nint)pairs, r3 = 3 * (nint)pairs, r4 = 4 * (nint)pairs, r5 = 5 * (nint)pairs;
        for (int t = 0; t < tiles; t++)
        {
            int* cp = (int*)c + t * 2 * stride, qp = qBase;
            var o0 = Vector256.Load(negatedOffsets + 16 * t);
            var o1 = Vector256.Load(negatedOffsets + 16 * t + 8);
            var a00 = o0; var a01 = o1;
            var a10 = o0; var a11 = o1;
            var a20 = o0; var a21 = o1;
            var a30 = o0; var a31 = o1;
            var a40 = o0; var a41 = o1;
            var a50 = o0; var a51 = o1;
            for (int* end2 = cp + (nint)(pairs & ~1) * 8; cp < end2; cp += 16, qp += 2)
            {
                Step(qp, cp, stride, r1, r2, r3, r4, r5, ref a00, ref a01, ref a10, ref a11, ref a20, ref a21, ref a30, ref a31, ref a40, ref a41, ref a50, ref a51);
                Step(qp + 1, cp + 8, stride, r1, r2, r3, r4, r5, ref a00, ref a01, ref a10, ref a11, ref a20, ref a21, ref a30, ref a31, ref a40, ref a41, ref a50, ref a51);
            }
            if ((pairs & 1) != 0)
                Step(qp, cp, stride, r1, r2, r3, r4, r5, ref a00, ref a01, ref a10, ref a11, ref a20, ref a21, ref a30, ref a31, ref a40, ref a41, ref a50, ref a51);
            var b = Vector256.Create(rowBounds[0]);
            var below = Vector256.GreaterThan(b, a00) & Vector256.GreaterThan(b, a01);
            b = Vector256.Create(rowBounds[1]);
            below &= Vector256.GreaterThan(b, a10) & Vector256.GreaterThan(b, a11);
            b = Vector256.Create(rowBounds[2]);
            below &= Vector256.GreaterThan(b, a20) & Vector256.GreaterThan(b, a21);
            b = Vector256.Create(rowBounds[3]);
            below &= Vector256.GreaterThan(b, a30) & Vector256.GreaterThan(b, a31);
            b = Vector256.Create(rowBounds[4]);
            below &= Vector256.GreaterThan(b, a40) & Vector256.GreaterThan(b, a41);
            b = Vector256.Create(rowBounds[5]);
            below &= Vector256.GreaterThan(b, a50) & Vector256.GreaterThan(b, a51);
            if (below == Vector256<int>.AllBitsSet)
                continue;
            if (Finish(result, a00 - o0, a01 - o1, a10 - o0, a11 - o1, a20 - o0, a21 - o1, a30 - o0, a31 - o1, a40 - o0, a41 - o1, a50 - o0, a51 - o1,
                qNorms, cNorms + 16 * t, scale, rowThresholds, null))
                return t;
        }
        return tiles;
    }
}
