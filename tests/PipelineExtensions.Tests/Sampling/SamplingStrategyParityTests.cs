using System.Text.Json.Nodes;
using PipelineExtensions.Data;
using PipelineExtensions.Sampling;

namespace PipelineExtensions.Tests.Sampling;

/// <summary>
/// Strategy resolution and per-class counts against imbalanced-learn 0.10 (Sampling/Parity/sampling_counts.json,
/// made by make_sampling_counts.py beside it).
/// </summary>
public class SamplingStrategyParityTests
{
    public static TheoryData<int> CaseIndices()
    {
        var data = new TheoryData<int>();
        int n = SamplingTestData.Parity("Sampling/Parity/sampling_counts.json")["cases"]!.AsArray().Count;
        for (int i = 0; i < n; i++)
            data.Add(i);
        return data;
    }

    private static JsonNode Case(int i) => SamplingTestData.Parity("Sampling/Parity/sampling_counts.json")["cases"]![i]!;

    internal static SamplingStrategy StrategyOf(JsonNode c)
    {
        var value = c["strategy"]!;
        return c["strategy_kind"]!.GetValue<string>() switch
        {
            "str" => SamplingStrategy.Parse(value.GetValue<string>()),
            "float" => SamplingStrategy.Ratio(value.GetValue<double>()),
            "dict" => SamplingStrategy.Counts(value.AsObject().ToDictionary(p => "c" + p.Key, p => p.Value!.GetValue<int>())),
            "list" => SamplingStrategy.Classes(value.AsArray().Select(v => "c" + v!.GetValue<string>()).ToArray()),
            var k => throw new InvalidOperationException(k),
        };
    }

    private static SamplingKind KindOf(JsonNode c) => c["kind"]!.GetValue<string>() switch
    {
        "over" => SamplingKind.OverSampling,
        "under" => SamplingKind.UnderSampling,
        _ => SamplingKind.Cleaning,
    };

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void Resolved_strategy_and_counts_match_imbalanced_learn(int index)
    {
        var c = Case(index);
        var counts = c["counts"]!.AsArray().Select(v => v!.GetValue<int>()).ToArray();
        var table = SamplingTestData.Table(counts, seed: index);
        var labels = table.GetColumn<KeyColumn>("Label");
        var strategy = StrategyOf(c);
        var kind = KindOf(c);
        if (c["error"] is not null)
        {
            var e = Assert.Throws<ArgumentException>(() => strategy.Resolve(labels, kind));
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
            return;
        }
        var expected = c["resolved"]!.AsObject().ToDictionary(p => "c" + p.Key, p => p.Value!.GetValue<int>());
        var actual = strategy.Resolve(labels, kind);
        Assert.Equal(expected.OrderBy(p => p.Key), actual.OrderBy(p => p.Key));

        var ctx = new PipelineContext(seed: index);
        if (c["random_over_sampler"] is JsonArray ros)
            Assert.Equal(ros.Select(v => v!.GetValue<int>()), SamplingTestData.Counts(ctx.Sampling.RandomOverSampler(strategy: strategy).FitResample(table).Table));
        if (c["random_under_sampler"] is JsonArray rus)
            Assert.Equal(rus.Select(v => v!.GetValue<int>()), SamplingTestData.Counts(ctx.Sampling.RandomUnderSampler(strategy: strategy).FitResample(table).Table));
        if (c["smote_k3"] is JsonArray smote)
            Assert.Equal(smote.Select(v => v!.GetValue<int>()), SamplingTestData.Counts(ctx.Sampling.Smote(neighbourCount: 3, strategy: strategy).FitResample(table).Table));
    }
}
