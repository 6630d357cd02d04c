using CsCheck;
using PipelineExtensions.Randomness;
using PipelineExtensions.Sampling.Neighbors;

namespace PipelineExtensions.Tests.Sampling;

/// <summary>
/// The 16-bit screen's AVX-512 kernel (<see cref="Int16Tile.ComputeScreenedAvx512"/>) must give the AVX2 kernel's
/// (<see cref="Int16Tile.ComputeScreened"/>) 96 values bit for bit and the verdict those values imply, with row
/// thresholds alone and with column thresholds, on <see cref="IntegerScreenTests"/>' adversarial tables (ties,
/// near-duplicates, padding lanes); d odd and even (the kernel's last feature pair alone). On a CPU without AVX-512
/// only the AVX2 kernel's verdict is checked against its values.
/// </summary>
public class WideInt16TileTests
{
    private static readonly int[] Dimensions = [1, 2, 3, 5, 31, 32, 33, 64, 70];

    [Fact]
    public unsafe void Avx512_tile_gives_the_avx2_tiles_values_and_verdict()
    {
        int passed = 0, rejected = 0, wide = 0;
        var cases =
            from t in IntegerScreenTests.CasesOver(Dimensions)
            from nc in Gen.Int[1, 40]
            from columns in Gen.Bool
            from mode in Gen.Int[0, 2]
            select (t.Kind, t.D, t.Seed, Nc: nc, Columns: columns, Mode: mode);
        cases.Sample(t =>
        {
            int d = t.D, rows = DotTile.QueryRows;
            var x = IntegerScreenTests.Table(t.Kind, rows + t.Nc, d, t.Seed);
            var candidates = new PackedRows(x, Enumerable.Range(rows, t.Nc).ToArray(), t.Nc, d);
            using var screened = ScreenedSegments.TryCreate(x.AsSpan(0, rows * d).ToArray(), rows, rows, d, [candidates]);
            var qo = screened?.Quantized(0) ?? default;
            if (!qo.Usable || qo.Bytes)
                return; // the 16-bit screen declined these rows
            var rng = new SeededRandom(t.Seed ^ 0x16);
            int tiles = candidates.PaddedCount / DistanceTile.Candidates;
            var narrow = new float[DotTile.Size];
            var wideValues = new float[DotTile.Size];
            var always = Enumerable.Repeat(float.PositiveInfinity, rows).ToArray();
            for (int tile = 0; tile < tiles; tile++)
            {
                short* c = qo.C + tile * 32L * qo.Pairs;
                float* cNorms = qo.CNorms + 16 * tile;
                fixed (float* v = narrow, th = always)
                    Int16Tile.ComputeScreened(qo.Q, c, qo.Pairs, v, qo.QNorms, cNorms, qo.Scale, th, null);
                // Thresholds from the tile's own values: mode 0 below all (nothing passes unless a column does), 1 one
                // row tied with one lane, 2 a mix of ties, one float below, ±∞ and values between.
                var real = narrow.Where((_, i) => i % 16 < t.Nc - 16 * tile).ToArray();
                float least = real.Min();
                var rowThresholds = new float[rows];
                int tied = rng.NextInt(rows);
                for (int r = 0; r < rows; r++)
                    rowThresholds[r] = Threshold(t.Mode == 0 ? 0 : t.Mode == 1 ? (r == tied ? 1 : 0) : rng.NextInt(5), least, real[rng.NextInt(real.Length)], rng);
                var columnThresholds = t.Columns ? new float[16] : null;
                for (int j = 0; columnThresholds != null && j < 16; j++)
                    columnThresholds[j] = Threshold(rng.NextInt(8) == 0 ? rng.NextInt(5) : 0, least, real[rng.NextInt(real.Length)], rng);
                bool narrowHit, wideHit = false;
                fixed (float* v = narrow, w = wideValues, th = rowThresholds, ct = columnThresholds)
                {
                    narrowHit = Int16Tile.ComputeScreened(qo.Q, c, qo.Pairs, v, qo.QNorms, cNorms, qo.Scale, th, ct);
                    if (WideKernels.Supported)
                        wideHit = Int16Tile.ComputeScreenedAvx512(qo.Q, c, qo.Pairs, w, qo.QNorms, cNorms, qo.Scale, th, ct);
                }
                // The truth from the values: some value at or below its row's or its column's threshold.
                bool expected = Enumerable.Range(0, DotTile.Size).Any(i => narrow[i] <= rowThresholds[i / 16] || columnThresholds != null && narrow[i] <= columnThresholds[i % 16]);
                Assert.Equal(expected, narrowHit);
                Interlocked.Increment(ref expected ? ref passed : ref rejected);
                if (!WideKernels.Supported)
                    continue;
                Interlocked.Increment(ref wide);
                Assert.Equal(expected, wideHit);
                for (int i = 0; i < DotTile.Size; i++)
                    Assert.True(BitConverter.SingleToInt32Bits(narrow[i]) == BitConverter.SingleToInt32Bits(wideValues[i]) || float.IsNaN(narrow[i]) && float.IsNaN(wideValues[i]),
                        $"d {d}, tile {tile}, value {i}: AVX2 {narrow[i]:R}, AVX-512 {wideValues[i]:R}");
            }
        }, iter: 1000);
        Assert.True(passed > 200 && rejected > 150, $"{passed} tiles passed, {rejected} rejected");
        Assert.True(!WideKernels.Supported || wide > 400, $"only {wide} tiles checked the AVX-512 kernel");
    }

    // 0: one float below the tile's least value; 1: a lane's value (a tie); 2, 3: ±∞; 4: between the least and the lane.
    private static float Threshold(int choice, float least, float lane, SeededRandom rng) => choice switch
    {
        0 => MathF.BitDecrement(least),
        1 => lane,
        2 => float.PositiveInfinity,
        3 => float.NegativeInfinity,
        _ => least + (lane - least) * (float)rng.NextDouble(),
    };
}
