using PipelineExtensions.Cli.Config;

namespace PipelineExtensions.Cli.Tests.Config;

public sealed class ConfigLoaderTests
{
    private static string SamplesDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "samples", "configs")))
                dir = dir.Parent;
            return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("samples/configs not found above the test folder"), "samples", "configs");
        }
    }

    public static TheoryData<string> SampleConfigs() => [.. Directory.GetFiles(SamplesDirectory, "*.json").Select(f => Path.GetFileName(f))];

    [Theory]
    [MemberData(nameof(SampleConfigs))]
    public void Every_sample_config_loads(string name)
    {
        var config = ConfigLoader.Load(Path.Combine(SamplesDirectory, name));
        Assert.NotNull(config.Data.Source);
    }

    [Fact]
    public void Defaults_fill_missing_sections()
    {
        var config = ConfigLoader.Parse("{}", "inline");
        Assert.Equal("fashion-mnist", config.Data.Source);
        Assert.Equal("mlp", config.Trainer.Kind);
        Assert.Null(config.Sweep);
    }

    [Theory]
    [InlineData("""{ "trainer": { "epoch": 3 } }""", "$.trainer.epoch", "unknown field \"epoch\"")]
    [InlineData("""{ "trainer": { "epochs": "ten" } }""", "$.trainer.epochs", "expected an integer")]
    [InlineData("""{ "trainer": { "epochs": 0 } }""", "$.trainer.epochs", "expected a number in [1, 10000], got 0")]
    [InlineData("""{ "trainer": { "learning_rate": -1 } }""", "$.trainer.learning_rate", "expected a positive number, got -1")]
    [InlineData("""{ "trainer": { "hidden_layers": [64, 0] } }""", "$.trainer.hidden_layers[1]", "got 0")]
    [InlineData("""{ "pipeline": { "sampler": "smoteish" } }""", "$.pipeline.sampler", "expected one of \"none\", \"random_over_sampler\", \"smote\", got \"smoteish\"")]
    [InlineData("""{ "pipeline": { "augmentation": ["RandomAffine", "Blur"] } }""", "$.pipeline.augmentation[1]", "got \"Blur\"")]
    [InlineData("""{ "callbacks": { "early_stopping": { "monitor": "val_acc" } } }""", "$.callbacks.early_stopping.monitor", "got \"val_acc\"")]
    [InlineData("""{ "data": { "features": [] } }""", "$.data.features", "expected at least one column name")]
    [InlineData("""{ "sweep": { "space": "ranges" } }""", "$.sweep.ranges", "expected at least one range")]
    [InlineData("""{ "sweep": { "space": "ranges", "ranges": { "learning_rate": { "low": 0, "high": 1, "log": true } } } }""", "$.sweep.ranges.learning_rate.low", "positive low bound")]
    [InlineData("""{ "sweep": { "trials": 2, "extra": true } }""", "$.sweep.extra", "unknown field \"extra\"")]
    [InlineData("""[1, 2]""", "$", "")]
    public void A_bad_config_names_the_field_and_what_was_expected(string json, string field, string problem)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(json, "cfg.json"));
        Assert.Equal(field, e.Field);
        Assert.StartsWith($"cfg.json: {field}: ", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load("/nonexistent/cfg.json"));
        Assert.Contains("/nonexistent/cfg.json", e.Message);
    }
}
