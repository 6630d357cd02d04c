using CsCheck;
using PipelineExtensions.Neural.Devices.Ilgpu.Kernels;
using PipelineExtensions.Neural.Kernels;

namespace PipelineExtensions.Neural.Tests.Devices;

/// <summary>
/// The kernels' double exp and log (<see cref="GpuMath"/>) against the runtime's <see cref="Math.Exp(double)"/> and
/// <see cref="Math.Log(double)"/>, which the CPU backend uses: within 2 ulp over the whole range, IEEE special values
/// the same. (The kernels run this very C# on ILGPU's CPU accelerator and compile it to PTX for CUDA.)
/// </summary>
public sealed class GpuMathTests
{
    private static long Ulps(double a, double b)
    {
        if (a == b)
            return 0;
        long x = BitConverter.DoubleToInt64Bits(a), y = BitConverter.DoubleToInt64Bits(b);
        return Math.Abs(x - y);
    }

    [Fact]
    public void Exp_is_within_two_ulp_of_Math_Exp_over_its_whole_range()
    {
        Gen.Double[-745.0, 709.7].Sample(x => Ulps(GpuMath.Exp(x), Math.Exp(x)) <= 2, iter: 200_000);
        // The range softmax and cross-entropy use most: x − max ≤ 0, near 0.
        Gen.Double[-40.0, 0.0].Sample(x => Ulps(GpuMath.Exp(x), Math.Exp(x)) <= 2, iter: 200_000);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1e-300)]
    [InlineData(-708.5)]
    [InlineData(-744.0)]        // subnormal result
    [InlineData(709.7)]
    [InlineData(0.34657359027997264)]   // ln2 / 2, the reduction's boundary
    public void Exp_edge_values_match(double x) => Assert.True(Ulps(GpuMath.Exp(x), Math.Exp(x)) <= 2, $"exp({x:R}) = {GpuMath.Exp(x):R}, Math.Exp {Math.Exp(x):R}");

    [Fact]
    public void Exp_special_values()
    {
        Assert.Equal(double.PositiveInfinity, GpuMath.Exp(710.0));
        Assert.Equal(double.PositiveInfinity, GpuMath.Exp(double.PositiveInfinity));
        Assert.Equal(0.0, GpuMath.Exp(-746.0));
        Assert.Equal(0.0, GpuMath.Exp(double.NegativeInfinity));
        Assert.True(double.IsNaN(GpuMath.Exp(double.NaN)));
        Assert.Equal(1.0, GpuMath.Exp(0.0));
    }

    [Fact]
    public void Log_is_within_two_ulp_of_Math_Log_over_its_whole_range()
    {
        // Positive doubles by their bit patterns: every binade, subnormals included.
        Gen.Long[1L, 0x7FEFFFFFFFFFFFFFL].Select(BitConverter.Int64BitsToDouble)
            .Sample(x => Ulps(GpuMath.Log(x), Math.Log(x)) <= 2, iter: 200_000);
        // Near 1, where ln x is small and relative accuracy is hardest.
        Gen.Double[0.5, 2.0].Sample(x => Ulps(GpuMath.Log(x), Math.Log(x)) <= 2, iter: 200_000);
    }

    [Fact]
    public void Log_special_values()
    {
        Assert.Equal(0.0, GpuMath.Log(1.0));
        Assert.Equal(double.NegativeInfinity, GpuMath.Log(0.0));
        Assert.Equal(double.PositiveInfinity, GpuMath.Log(double.PositiveInfinity));
        Assert.True(double.IsNaN(GpuMath.Log(-1.0)));
        Assert.True(double.IsNaN(GpuMath.Log(double.NaN)));
        Assert.True(Ulps(GpuMath.Log(double.Epsilon), Math.Log(double.Epsilon)) <= 2);
    }

    [Fact]
    public void Log1pExp_matches_softplus_of_negative_arguments_without_cancellation()
    {
        // Reference: ln(1 + t) by its series for tiny t, Math.Log(1 + t) elsewhere (where 1 + t loses nothing that matters).
        Gen.Double[-700.0, 0.0].Sample(x =>
        {
            double t = Math.Exp(x);
            double expected = t < 1e-8 ? t - t * t / 2 : Math.Log(1.0 + t) - ((1.0 + t - 1.0) - t) / (1.0 + t);
            return Math.Abs(GpuMath.Log1pExp(x) - expected) <= 1e-15 * expected + 1e-300;
        }, iter: 100_000);
        Assert.Equal(Math.Log(2.0), GpuMath.Log1pExp(0.0), 15);
    }

    [Fact]
    public void Normal_cdf_and_pdf_match_the_cpu_special_functions()
    {
        Gen.Double[-12.0, 12.0].Sample(x =>
            Math.Abs(GpuMath.NormalCdf(x) - SpecialFunctions.NormalCdf(x)) <= 1e-15 &&
            Ulps(GpuMath.NormalPdf(x), SpecialFunctions.NormalPdf(x)) <= 4, iter: 100_000);
    }
}
