using PipelineExtensions.AutoML.Tests.TestData;
using PipelineExtensions.AutoML.Tuners.Tpe;

namespace PipelineExtensions.AutoML.Tests.Tuners;

/// <summary>erf, erfc, log Φ and the truncated normal against SciPy (parity.json).</summary>
public class SpecialFunctionsTests
{
    public static TheoryData<string> Functions => new() { "erf", "erfc", "log_ndtr" };

    [Theory]
    [MemberData(nameof(Functions))]
    public void Match_SciPy_to_near_machine_precision(string name)
    {
        Func<double, double> f = name switch
        {
            "erf" => SpecialFunctions.Erf,
            "erfc" => SpecialFunctions.Erfc,
            _ => SpecialFunctions.LogNdtr,
        };
        foreach (var row in Parity.Get(name).AsArray())
        {
            var pair = Parity.Doubles(row);
            double expected = pair[1], actual = f(pair[0]);
            Assert.True(Math.Abs(actual - expected) <= 1e-13 + 1e-12 * Math.Abs(expected), $"{name}({pair[0]}) = {actual}, SciPy {expected}");
        }
    }

    [Fact]
    public void Truncated_normal_quantiles_and_densities_match_SciPy()
    {
        foreach (var row in Parity.Get("truncnorm_ppf").AsArray())
        {
            var v = Parity.Doubles(row);
            Assert.Equal(v[3], SpecialFunctions.TruncatedNormalPpf(v[0], v[1], v[2]), 9);
        }
        foreach (var row in Parity.Get("truncnorm_logpdf").AsArray())
        {
            var v = Parity.Doubles(row);
            Assert.Equal(v[5], SpecialFunctions.TruncatedNormalLogPdf(v[0], v[1], v[2], v[3], v[4]), 11);
        }
    }

    [Fact]
    public void Truncated_normal_density_integrates_to_one()
    {
        // The density Optuna 3.1.0 got wrong (optuna#5109): ∫ exp(logpdf) over [low, high] must be 1 for any σ.
        foreach (var (mu, sigma) in new[] { (0.3, 0.05), (0.5, 2.0), (-1.0, 0.7) })
        {
            double low = -1, high = 1, sum = 0, h = 1e-4;
            for (double x = low + h / 2; x < high; x += h)
                sum += Math.Exp(SpecialFunctions.TruncatedNormalLogPdf(x, low, high, mu, sigma)) * h;
            Assert.Equal(1.0, sum, 5);
        }
    }
}
