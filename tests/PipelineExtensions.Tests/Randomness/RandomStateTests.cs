using CsCheck;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Tests;

public class RandomStateTests
{
    [Fact]
    public void Local_state_draws_exactly_the_sequence_of_SeededRandom()
    {
        // Mixed integer and float draws, with bounds that make Lemire's rejection step frequent (near 2^31, 2^30 + small).
        var bounds = Gen.OneOf(Gen.Int[1, 50], Gen.Int[1, int.MaxValue], Gen.Int[(1 << 30) + 1, (1 << 30) + 100], Gen.Const(int.MaxValue));
        Gen.Select(Gen.Long, bounds.Array[1, 8], Gen.Bool.Array[1, 200]).Sample((seed, ranges, kinds) =>
        {
            var reference = new SeededRandom(seed);
            var local = new RandomState(seed);
            for (int i = 0; i < kinds.Length; i++)
            {
                if (kinds[i])
                    Assert.Equal(reference.NextSingle(), local.NextSingle());
                else
                    Assert.Equal(reference.NextInt(ranges[i % ranges.Length]), local.NextInt(ranges[i % ranges.Length]));
            }
            Assert.Equal(reference.NextUInt64(), local.NextUInt64());
        }, iter: 300);
    }
}
