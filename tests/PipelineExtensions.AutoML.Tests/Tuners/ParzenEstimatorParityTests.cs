using System.Text.Json.Nodes;
using PipelineExtensions.AutoML.SearchSpaces;
using PipelineExtensions.AutoML.Tests.TestData;
using PipelineExtensions.AutoML.Tuners.Tpe;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.AutoML.Tests.Tuners;

/// <summary>
/// The Parzen estimator against Optuna 3.1's <c>_ParzenEstimator</c>: weights, means, bandwidths (prior, magic
/// clip, endpoints) and categorical rows exactly; log densities against SciPy's normalised truncated normals.
/// </summary>
public class ParzenEstimatorParityTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in Parity.Get("parzen").AsArray())
            data.Add(c!["name"]!.GetValue<string>());
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fit_and_density_match_the_reference(string name)
    {
        var c = Parity.Get("parzen").AsArray().Single(n => n!["name"]!.GetValue<string>() == name)!;
        var distribution = Distribution(c["distribution"]!.AsObject());
        var options = new TpeOptions
        {
            ConsiderPrior = c["consider_prior"]!.GetValue<bool>(),
            ConsiderMagicClip = c["consider_magic_clip"]!.GetValue<bool>(),
            ConsiderEndpoints = c["consider_endpoints"]!.GetValue<bool>(),
        };
        var observations = Parity.Doubles(c["observations"]);
        var pe = new ParzenEstimator(observations, distribution, options);

        AssertClose(Parity.Doubles(c["weights"]), pe.Weights, 1e-12);
        if (c["categorical_weights"] is JsonArray rows)
        {
            for (int k = 0; k < rows.Count; k++)
                AssertClose(Parity.Doubles(rows[k]), pe.CategoricalWeights[k], 1e-12);
        }
        else
        {
            Assert.Equal(c["low"]!.GetValue<double>(), pe.Low, 12);
            Assert.Equal(c["high"]!.GetValue<double>(), pe.High, 12);
            AssertClose(Parity.Doubles(c["mus"]), pe.Mus, 1e-12);
            AssertClose(Parity.Doubles(c["sigmas"]), pe.Sigmas, 1e-12);
        }
        AssertClose(Parity.Doubles(c["log_pdf"]), pe.LogPdf(Parity.Doubles(c["points"])), 1e-9);
    }

    [Fact]
    public void Samples_stay_inside_the_range_on_the_grid()
    {
        var dist = new IntDistribution("n", 16, 256, step: 16);
        var pe = new ParzenEstimator([16, 32, 240], dist, new TpeOptions());
        foreach (double v in pe.Sample(new SeededRandom(3), 500))
            Assert.True(dist.Contains(v), $"{v} outside {dist}");
    }

    [Fact]
    public void Default_weights_and_gamma_match_Optuna()
    {
        foreach (var (n, w) in Parity.Get("default_weights").AsObject())
            AssertClose(Parity.Doubles(w), TpeOptions.DefaultWeights(int.Parse(n, System.Globalization.CultureInfo.InvariantCulture)), 1e-15);
        foreach (var (n, g) in Parity.Get("default_gamma").AsObject())
            Assert.Equal(g!.GetValue<int>(), TpeOptions.DefaultGamma(int.Parse(n, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Split_ranks_complete_before_pruned_and_keeps_chronological_order()
    {
        var split = Parity.Get("split");
        var observations = split["scores"]!.AsArray()
            .Select(s => Parity.Doubles(s))
            .Select(s => new TpeTuner.Observation(null!, s[0] <= -1e300 ? double.NegativeInfinity : s[0], s[1], false))
            .ToList();
        var (below, above) = TpeTuner.Split(observations, split["n_below"]!.GetValue<int>());
        Assert.Equal(Parity.Doubles(split["below"]).Select(d => (int)d), below);
        Assert.Equal(Parity.Doubles(split["above"]).Select(d => (int)d), above);
    }

    private static ParameterDistribution Distribution(JsonObject d) => d["type"]!.GetValue<string>() switch
    {
        "float" => new FloatDistribution("x", d["low"]!.GetValue<double>(), d["high"]!.GetValue<double>(), d["log"]!.GetValue<bool>(), d["step"]?.GetValue<double>()),
        "int" => new IntDistribution("x", d["low"]!.GetValue<long>(), d["high"]!.GetValue<long>(), d["step"]!.GetValue<long>(), d["log"]!.GetValue<bool>()),
        _ => new CategoricalDistribution("x", d["choices"]!.AsArray().Select(v => (object)v!.GetValue<string>()).ToArray()),
    };

    private static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])), $"[{i}] expected {expected[i]}, got {actual[i]}");
    }
}
