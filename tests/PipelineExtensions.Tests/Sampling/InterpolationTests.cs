using CsCheck;
using PipelineExtensions.Sampling;

namespace PipelineExtensions.Tests.Sampling;

public class InterpolationTests
{
    [Fact]
    public void Quotient_by_multiply_equals_integer_division()
    {
        Gen.Select(Gen.UInt, Gen.OneOf(Gen.UInt[1, 64], Gen.UInt[1, uint.MaxValue])).Sample((n, d) =>
            Assert.Equal(n / d, Interpolation.Quotient(n, d, Interpolation.Inverse(d))), iter: 5000);
        foreach (uint d in new uint[] { 1, 2, 3, 5, 7, 641, 6700417, int.MaxValue, uint.MaxValue - 1, uint.MaxValue })
            foreach (uint n in new uint[] { 0, 1, d - 1, d, d + 1, uint.MaxValue - 1, uint.MaxValue })
                Assert.Equal(n / d, Interpolation.Quotient(n, d, Interpolation.Inverse(d)));
    }
}
