using CsCheck;
using PipelineExtensions.Sampling.Neighbors;

namespace PipelineExtensions.Tests.Sampling;

public class DistanceTileTests
{
    // The direct kernels' shared contract: query rows × 16 packed candidates, result row r at [16r, 16r + 16).
    private unsafe delegate bool Kernel(float* q, float* c, int d, float* result, float* rowThresholds, float* columnThresholds);

    // `height` query rows and 16 candidates (some NaN padding rows), thresholds drawn around the actual distances.
    private static Gen<(int D, float[] Q, float[] C, int NaNRows, int NaNCandidates, float[] RowT, float[] ColT, bool Columns)> Tiles(int height) =>
        from d in Gen.Int[1, 40]
        from q in Gen.Int[-3, 3].Select(v => (float)v).Array[height * d]
        from c in Gen.Int[-3, 3].Select(v => (float)v).Array[16 * d]
        from nanRows in Gen.Int[0, height - 1]
        from nanCandidates in Gen.Int[0, 15]
        from rowT in Gen.Int[-1, 60].Select(v => v < 0 ? float.PositiveInfinity : (float)v).Array[height]
        from colT in Gen.Int[-1, 60].Select(v => v < 0 ? float.PositiveInfinity : (float)v).Array[16]
        from columns in Gen.Bool
        select (d, q, c, nanRows, nanCandidates, rowT, colT, columns);

    [Fact]
    public unsafe void Tile_writes_the_sequential_fma_distances_and_reports_exactly_whether_any_passes_a_threshold() =>
        WritesSequentialFmaDistances(DistanceTile.QueryRows, DistanceTile.ComputeScreened);

    [Fact]
    public unsafe void Wide_tile_writes_the_sequential_fma_distances_and_reports_exactly_whether_any_passes_a_threshold() =>
        WritesSequentialFmaDistances(WideDistanceTile.QueryRows, WideDistanceTile.ComputeScreened);

    private static unsafe void WritesSequentialFmaDistances(int height, Kernel kernel)
    {
        Tiles(height).Sample(t =>
        {
            int d = t.D;
            var q = (float[])t.Q.Clone();
            var rows = (float[])t.C.Clone();
            // The last rows / candidates are padding, as the searches pad them.
            for (int r = height - t.NaNRows; r < height; r++)
                q.AsSpan(r * d, d).Fill(float.NaN);
            for (int j = 16 - t.NaNCandidates; j < 16; j++)
                rows.AsSpan(j * d, d).Fill(float.NaN);
            var packed = new PackedRows(rows, 16, d);
            var screened = new float[16 * height];
            bool hit;
            fixed (float* qp = q, cp = packed.Data, b = screened, rt = t.RowT, ct = t.ColT)
                hit = kernel(qp, cp, d, b, rt, t.Columns ? ct : null);
            bool expected = false;
            for (int r = 0; r < height; r++)
                for (int j = 0; j < 16; j++)
                {
                    float dist = 0;
                    for (int f = 0; f < d; f++)
                    {
                        float diff = q[r * d + f] - rows[j * d + f];
                        dist = MathF.FusedMultiplyAdd(diff, diff, dist);
                    }
                    Assert.Equal(BitConverter.SingleToInt32Bits(dist), BitConverter.SingleToInt32Bits(screened[16 * r + j]));
                    expected |= dist <= t.RowT[r] || (t.Columns && dist <= t.ColT[j]);
                }
            Assert.Equal(expected, hit);
        }, iter: 400);
    }
}
