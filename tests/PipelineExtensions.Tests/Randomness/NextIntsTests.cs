using CsCheck;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Tests;

public class NextIntsTests
{
    [Fact]
    public void Fills_exactly_what_repeated_NextInt_returns_and_leaves_the_same_state()
    {
        // Bounds near powers of two and near 2^31 make the rejection step (a low half below (2^32 − n) mod n) frequent.
        Gen.Select(Gen.Long, Gen.OneOf(Gen.Int[1, 100], Gen.Int[1, int.MaxValue], Gen.Int[(1 << 30) + 1, (1 << 30) + 1000], Gen.Const(int.MaxValue)), Gen.Int[0, 300])
            .Sample((seed, bound, count) =>
            {
                var one = new SeededRandom(seed);
                var bulk = new SeededRandom(seed);
                var expected = new int[count];
                for (int i = 0; i < count; i++)
                    expected[i] = one.NextInt(bound);
                var actual = new int[count];
                bulk.NextInts(actual, bound);
                Assert.Equal(expected, actual);
                Assert.All(actual, v => Assert.InRange(v, 0, bound - 1));
                Assert.Equal(one.NextUInt64(), bulk.NextUInt64());
            }, iter: 300);
    }

    [Fact]
    public void Rejects_a_bound_that_is_not_positive()
    {
        var rng = new SeededRandom(1);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => rng.NextInts(new int[3], 0));
        Assert.Equal("maxExclusive", e.ParamName);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(1000)]
    [InlineData(1_431_655_766)] // 2^32 / 3 + 1: a plain multiply-shift without rejection would favour some values by 50 %
    public void Is_uniform_by_a_chi_square_test(int bound)
    {
        // 20 equal-width bins of [0, bound); chi-square with 19 degrees of freedom: 43.8 is its 0.999 quantile.
        const int bins = 20, draws = 200_000;
        var values = new int[draws];
        new SeededRandom(12345).NextInts(values, bound);
        var counts = new long[bins];
        foreach (int v in values)
            counts[(int)((long)v * bins / bound)]++;
        double chi = 0;
        for (int b = 0; b < bins; b++)
        {
            long lo = ((long)b * bound + bins - 1) / bins, hi = ((long)(b + 1) * bound + bins - 1) / bins;
            double expected = draws * (double)(hi - lo) / bound;
            chi += (counts[b] - expected) * (counts[b] - expected) / expected;
        }
        Assert.True(chi < 43.8, $"chi-square {chi:F1} over {bins} bins");
    }
}
