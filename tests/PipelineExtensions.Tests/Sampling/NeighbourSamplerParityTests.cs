using System.Text.Json.Nodes;
using PipelineExtensions.Data;
using PipelineExtensions.Sampling;

namespace PipelineExtensions.Tests.Sampling;

/// <summary>
/// Deterministic outcomes of the neighbour-based samplers against imbalanced-learn 0.10 on the same data
/// (Sampling/Parity/neighbour_parity.json, made by make_neighbour_parity.py): DANGER rows, ADASYN's per-row
/// generation counts, Tomek-link and ENN removals, per-class counts.
/// </summary>
public class NeighbourSamplerParityTests
{
    public static TheoryData<string> Sets() => new(Parity["sets"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()));

    private static readonly JsonNode Parity = SamplingTestData.Parity("Sampling/Parity/neighbour_parity.json");

    private static (DataTable Table, JsonNode Set) Load(string name)
    {
        var set = Parity["sets"]!.AsArray().First(s => s!["name"]!.GetValue<string>() == name)!;
        int d = set["dimension"]!.GetValue<int>();
        var x = set["x"]!.AsArray().Select(v => (float)v!.GetValue<double>()).ToArray();
        var y = set["y"]!.AsArray().Select(v => v!.GetValue<int>()).ToArray();
        var table = new DataTable(
            new VectorColumn("Features", ColumnType.Vector(d), x),
            new KeyColumn("Label", ColumnType.Key(SamplingTestData.ClassNames(y.Max() + 1)), y));
        return (table, set);
    }

    private static int[] Ints(JsonNode node) => node.AsArray().Select(v => v!.GetValue<int>()).ToArray();

    [Theory]
    [MemberData(nameof(Sets))]
    public void Borderline_danger_rows_and_counts_match(string name)
    {
        var (table, set) = Load(name);
        var sampler = new PipelineContext(1).Sampling.BorderlineSmote();
        foreach (var (cls, rows) in set["borderline_danger_m10"]!.AsObject())
            Assert.Equal(Ints(rows!), sampler.DangerRows(table, "c" + cls));
        Assert.Equal(Ints(set["borderline1_counts"]!), SamplingTestData.Counts(sampler.FitResample(table).Table));
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Adasyn_generation_counts_match(string name)
    {
        var (table, set) = Load(name);
        var sampler = new PipelineContext(1).Sampling.Adasyn();
        foreach (var (cls, expected) in set["adasyn_k5"]!.AsObject())
        {
            var counts = sampler.GenerationCounts(table, "c" + cls, expected!["n_samples"]!.GetValue<int>());
            Assert.Equal(Ints(expected["rows"]!), counts.Keys);
            Assert.Equal(Ints(expected["counts"]!), counts.Values);
        }
        Assert.Equal(Ints(set["adasyn_counts"]!), SamplingTestData.Counts(sampler.FitResample(table).Table));
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Tomek_and_enn_keep_the_same_rows(string name)
    {
        var (table, set) = Load(name);
        var ctx = new PipelineContext(1);
        foreach (var (strategy, kept) in set["tomek_kept"]!.AsObject())
            Assert.Equal(Ints(kept!), ctx.Sampling.TomekLinks(strategy: SamplingStrategy.Parse(strategy)).FitResample(table).SourceRows.ToArray());
        foreach (var (key, kept) in set["enn_kept"]!.AsObject())
        {
            var parts = key.Split('/');
            var enn = ctx.Sampling.EditedNearestNeighbours(selection: parts[1] == "all" ? EnnSelection.All : EnnSelection.Mode, strategy: SamplingStrategy.Parse(parts[0]));
            Assert.Equal(Ints(kept!), enn.FitResample(table).SourceRows.ToArray());
        }
    }
}
