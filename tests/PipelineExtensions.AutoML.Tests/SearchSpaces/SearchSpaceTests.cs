using PipelineExtensions.AutoML.SearchSpaces;

namespace PipelineExtensions.AutoML.Tests.SearchSpaces;

public class SearchSpaceTests
{
    private static SearchSpace Conditional() => new SearchSpace()
        .AddFloat("lr", 1e-5, 1e-1, log: true)
        .AddChoice("sampler", c => c
            .Option("none")
            .Option("smote", s => s.AddInt("smote.k", 3, 10))
            .Option("random", s => s.AddFloat("random.ratio", 0.5, 1.0)));

    [Fact]
    public void Nested_parameters_are_active_only_under_their_choice()
    {
        var space = Conditional();
        var smote = new Dictionary<string, double> { ["lr"] = 1e-3, ["sampler"] = 1, ["smote.k"] = 5 };
        Assert.Null(space.Validate(smote));
        Assert.Equal(["lr", "sampler", "smote.k"], space.ActiveParameters(smote).Select(p => p.Name));

        var none = new Dictionary<string, double> { ["lr"] = 1e-3, ["sampler"] = 0 };
        Assert.Null(space.Validate(none));
        Assert.Contains("inactive", space.Validate(new Dictionary<string, double>(none) { ["smote.k"] = 5 }));
        Assert.Contains("'smote.k' is active but has no value", space.Validate(new Dictionary<string, double> { ["lr"] = 1e-3, ["sampler"] = 1 }));
        Assert.Contains("outside", space.Validate(new Dictionary<string, double>(smote) { ["smote.k"] = 11 }));
    }

    [Fact]
    public void Duplicate_names_anywhere_in_the_tree_are_rejected_with_the_name()
    {
        var e = Assert.Throws<ArgumentException>(() => new SearchSpace()
            .AddInt("k", 1, 3)
            .AddChoice("sampler", c => c.Option("smote", s => s.AddInt("k", 3, 10))));
        Assert.Contains("'k'", e.Message);
    }

    [Fact]
    public void Bad_ranges_name_the_parameter_and_the_value()
    {
        Assert.Contains("'lr'", Assert.Throws<ArgumentOutOfRangeException>(() => new FloatDistribution("lr", 0, 1, log: true)).Message);
        Assert.Contains("'n'", Assert.Throws<ArgumentOutOfRangeException>(() => new IntDistribution("n", 5, 1)).Message);
        Assert.Contains("appears twice", Assert.Throws<ArgumentException>(() => new CategoricalDistribution("c", "a", "a")).Message);
        Assert.Throws<ArgumentException>(() => new FloatDistribution("x", 1, 2, log: true, step: 0.1));
    }

    [Fact]
    public void Steps_snap_the_upper_bound_onto_the_grid_as_Optuna_does()
    {
        Assert.Equal(0.9, new FloatDistribution("x", 0, 0.95, step: 0.1).High, 12);
        Assert.Equal(250, new IntDistribution("n", 10, 255, step: 20).High);
    }

    [Fact]
    public void Json_round_trips_every_kind_including_branches()
    {
        var space = Conditional()
            .AddInt("epochs", 5, 50, step: 5)
            .AddInt("hidden", 8, 512, log: true)
            .AddFloat("dropout", 0, 0.5, step: 0.1)
            .AddCategorical("batch", 16, 32, 64)
            .AddCategorical("flag", true, false);
        string json = space.ToJson();
        var back = SearchSpace.FromJson(json);
        Assert.Equal(json, back.ToJson());
        Assert.Equal(space.AllParameters.Select(p => p.ToString()), back.AllParameters.Select(p => p.ToString()));
    }

    [Fact]
    public void Json_errors_name_the_path()
    {
        var e = Assert.Throws<FormatException>(() => SearchSpace.FromJson("""{ "sampler": { "type": "categorical", "choices": ["a"], "branches": { "a": { "k": { "type": "int", "low": 3 } } } } }"""));
        Assert.Contains("$.sampler.branches.a.k.high", e.Message);
        Assert.Contains("$.x.type", Assert.Throws<FormatException>(() => SearchSpace.FromJson("""{ "x": { "type": "gaussian" } }""")).Message);
    }

    [Fact]
    public void Trial_parameters_read_typed_values_and_explain_missing_ones()
    {
        var space = Conditional().AddCategorical("batch", 16, 32, 64);
        var p = TrialParameters.FromValues(space, new Dictionary<string, object> { ["lr"] = 0.01, ["sampler"] = "smote", ["smote.k"] = 7, ["batch"] = 32 });
        Assert.Equal(0.01, p.GetDouble("lr"));
        Assert.Equal(7, p.GetInt32("smote.k"));
        Assert.Equal("smote", p.GetString("sampler"));
        Assert.Equal(32, p.GetInt32("batch"));
        Assert.Equal("lr=0.01, sampler=smote, smote.k=7, batch=32", p.ToString());
        Assert.Contains("inactive", Assert.Throws<KeyNotFoundException>(() => p.GetDouble("random.ratio")).Message);
        Assert.Contains("not in the search space", Assert.Throws<KeyNotFoundException>(() => p.GetDouble("nope")).Message);
    }
}
