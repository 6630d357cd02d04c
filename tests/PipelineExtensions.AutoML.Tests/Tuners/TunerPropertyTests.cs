using CsCheck;
using PipelineExtensions.AutoML.SearchSpaces;
using PipelineExtensions.AutoML.Tests.TestData;
using PipelineExtensions.AutoML.Trials;
using PipelineExtensions.AutoML.Tuners;
using PipelineExtensions.AutoML.Tuners.Cfo;
using PipelineExtensions.AutoML.Tuners.Tpe;

namespace PipelineExtensions.AutoML.Tests.Tuners;

/// <summary>Invariants every tuner keeps on random spaces (nested choices included).</summary>
public class TunerPropertyTests
{
    private static ITuner Make(string kind, int seed) => kind switch
    {
        "random" => new RandomTuner(seed),
        "tpe" => new TpeTuner(new TpeOptions { Seed = seed, StartupTrials = 3 }),
        "cfo" => new CfoTuner(seed),
        _ => new GridTuner(3, seed),
    };

    public static TheoryData<string> Kinds => new() { "random", "tpe", "cfo", "grid" };

    // A deterministic pseudo-objective over any space: a hash of the values.
    private static double Score(TrialParameters p) =>
        p.InternalValues.OrderBy(kv => kv.Key, StringComparer.Ordinal).Aggregate(0.0, (s, kv) => s + Math.Sin(kv.Value * 1.7 + kv.Key.Length));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Proposals_lie_inside_the_space_with_exactly_the_active_parameters(string kind)
    {
        Gen.Int[0, 1_000_000].Sample(seed =>
        {
            var space = RandomSpaces.Build(seed, small: kind == "grid");
            var tuner = Make(kind, seed);
            int trials = tuner is GridTuner g ? (int)Math.Min(g.ConfigurationCount(space), 25) : 25;
            foreach (var t in History.Run(tuner, space, Score, trials))
                Assert.True(space.Validate(t.Parameters!) is null, $"{kind} seed {seed}: {space.Validate(t.Parameters!)} in {space}");
        }, iter: 40);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Same_seed_same_proposals(string kind)
    {
        Gen.Int[0, 1_000_000].Sample(seed =>
        {
            var space = RandomSpaces.Build(seed, small: true);
            int trials = kind == "grid" ? (int)Math.Min(new GridTuner(3).ConfigurationCount(space), 15) : 15;
            var a = History.Run(Make(kind, seed), space, Score, trials);
            var b = History.Run(Make(kind, seed), space, Score, trials);
            for (int i = 0; i < a.Count; i++)
                Assert.Equal(a[i].Parameters!.OrderBy(kv => kv.Key), b[i].Parameters!.OrderBy(kv => kv.Key));
        }, iter: 20);
    }

    [Fact]
    public void Grid_visits_every_combination_exactly_once()
    {
        Gen.Select(Gen.Int[0, 1_000_000], Gen.Int[0, 1000]).Sample((spaceSeed, orderSeed) =>
        {
            var space = RandomSpaces.Build(spaceSeed, small: true);
            var grid = new GridTuner(floatPoints: 3, seed: orderSeed);
            long count = grid.ConfigurationCount(space);
            var expected = grid.Enumerate(space).Select(Key).ToList();
            Assert.Equal(count, expected.Count);
            Assert.Equal(expected.Count, expected.Distinct().Count());
            var visited = Enumerable.Range(0, (int)count)
                .Select(n => Key(grid.Suggest(new TunerContext(space, n, [], OptimizationDirection.Minimize))))
                .ToList();
            Assert.Equal(expected.Order(), visited.Order());
        }, iter: 60);
    }

    [Fact]
    public void Grid_counts_a_conditional_parameter_only_under_its_choice()
    {
        var space = new SearchSpace()
            .AddCategorical("batch", 16, 32)
            .AddChoice("sampler", c => c.Option("none").Option("smote", s => s.AddInt("k", 3, 10)));
        Assert.Equal(2 * (1 + 8), new GridTuner().ConfigurationCount(space));
    }

    private static string Key(IReadOnlyDictionary<string, double> values) =>
        string.Join(";", values.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value:R}"));
}
