using CsCheck;
using PipelineExtensions.Randomness;
using PipelineExtensions.Sampling.Neighbors;

namespace PipelineExtensions.Tests.Sampling;

/// <summary>
/// The 8-bit screen's run kernel (<see cref="Int8Tile.FirstPassing"/>, the cascade's first stage): its AVX-512 and
/// AVX2 forms must both return the first tile holding a value ≤ its row's threshold, the values being the plain
/// kernel's (<see cref="Int8Tile.ComputeScreened"/>), from every starting tile; on <see cref="IntegerScreenTests"/>'
/// adversarial tables, with thresholds tied to single lanes so that one lane decides a tile alone.
/// </summary>
public class Int8FirstPassingTests
{
    private static readonly int[] Dimensions = [1, 2, 3, 5, 31, 32, 33, 64, 70];

    [Fact]
    public unsafe void Both_kernels_return_the_first_tile_the_plain_kernel_passes()
    {
        int none = 0, found = 0, checkedWide = 0;
        var cases =
            from t in IntegerScreenTests.CasesOver(Dimensions)
            from nc in Gen.Int[1, 60]
            from mode in Gen.Int[0, 3]
            select (t.Kind, t.D, t.Seed, Nc: nc, Mode: mode);
        cases.Sample(t =>
        {
            int d = t.D, rows = DotTile.QueryRows, n = rows + t.Nc;
            var x = IntegerScreenTests.Table(t.Kind, n, d, t.Seed);
            var candidates = new PackedRows(x.AsSpan(rows * d), t.Nc, d);
            using var screened = ScreenedSegments.TryCreateInt8(x, rows, rows, d, [candidates]);
            if (screened == null)
                return; // the 8-bit screen declines these rows
            var o = screened.Quantized(0);
            int tiles = candidates.PaddedCount / DistanceTile.Candidates, quads = o.Quads;
            // Every tile's 96 values by the plain kernel.
            var values = new float[tiles * DotTile.Size];
            var always = Enumerable.Repeat(float.PositiveInfinity, rows).ToArray();
            fixed (float* v = values, th = always)
                for (int tile = 0; tile < tiles; tile++)
                    Int8Tile.ComputeScreened(o.Q8, o.C8 + 64L * quads * tile, quads, v + tile * DotTile.Size, o.QNorms, o.CNorms + 16 * tile,
                        o.QFactors, o.CFactors + 16 * tile, o.COffsets + 16 * tile, th, null);
            // Thresholds: mode 0 below every value of the row (nothing passes), 1 one row tied with one real lane and the
            // others below all theirs, 2 a mix of ties, one float below a row's least value, ±∞ and values between.
            var rng = new SeededRandom(t.Seed ^ 0x1E8);
            var thresholds = new float[rows];
            int tied = rng.NextInt(rows);
            for (int r = 0; r < rows; r++)
            {
                var real = Enumerable.Range(0, t.Nc).Select(j => values[j / 16 * DotTile.Size + 16 * r + j % 16]).ToArray();
                float least = real.Min(), lane = real[rng.NextInt(real.Length)];
                int choice = t.Mode switch { 0 => 0, 1 => r == tied ? 1 : 0, _ => rng.NextInt(5) };
                thresholds[r] = choice switch
                {
                    0 => MathF.BitDecrement(least),
                    1 => lane,
                    2 => float.PositiveInfinity,
                    3 => float.NegativeInfinity,
                    _ => least + (lane - least) * (float)rng.NextDouble(),
                };
            }
            var scratch = new float[DotTile.Size];
            fixed (float* v = values, th = thresholds, s = scratch)
                for (int start = 0; start < tiles; start++)
                {
                    // The truth from the plain kernel's values: the first tile from `start` with a lane at or below its row's threshold.
                    int expected = tiles - start;
                    for (int tile = start; tile < tiles && expected == tiles - start; tile++)
                        for (int i = 0; i < DotTile.Size; i++)
                            if (v[tile * DotTile.Size + i] <= th[i / 16])
                            {
                                expected = tile - start;
                                break;
                            }
                    int count = tiles - start, at = 16 * start;
                    byte* c = o.C8 + 64L * quads * start;
                    Assert.Equal(expected, Int8Tile.FirstPassingAvx2(o.Q8, c, quads, count, o.QNorms, o.CNorms + at, o.QFactors, o.CFactors + at, o.COffsets + at, th, s));
                    if (WideKernels.Supported)
                    {
                        Assert.Equal(expected, Int8Tile.FirstPassingAvx512(o.Q8, c, quads, count, o.QNorms, o.CNorms + at, o.QFactors, o.CFactors + at, o.COffsets + at, th));
                        Interlocked.Increment(ref checkedWide);
                    }
                    Interlocked.Increment(ref expected == count ? ref none : ref found);
                }
        }, iter: 600);
        Assert.True(none > 200 && found > 200, $"{none} runs with no passing tile, {found} with one");
        Assert.True(!WideKernels.Supported || checkedWide > 400, $"only {checkedWide} runs checked the AVX-512 kernel");
    }
}
