using PipelineExtensions.AutoML.SearchSpaces;
using PipelineExtensions.Options;

namespace PipelineExtensions.AutoML.Tests.SearchSpaces;

public class OptionsBinderTests
{
    public enum Schedule { Constant, Cosine }

    public sealed class OptimizerOptions
    {
        public double LearningRate { get; set; } = 0.1;
    }

    public sealed class TrainerOptions
    {
        private int _batchSize = 32;

        public int BatchSize { get => _batchSize; set => _batchSize = Check.Positive(value); }

        public float Dropout { get; set; }

        public Schedule Schedule { get; set; }

        public int? Epochs { get; set; }

        public bool Shuffle { get; set; }

        public OptimizerOptions Optimizer { get; } = new();
    }

    private static readonly SearchSpace Space = new SearchSpace()
        .AddInt("trainer.BatchSize", 16, 256, step: 16)
        .AddFloat("trainer.dropout", 0, 0.5)
        .AddCategorical("trainer.Schedule", "constant", "cosine")
        .AddInt("trainer.Epochs", 1, 20)
        .AddCategorical("trainer.Shuffle", true, false)
        .AddFloat("trainer.Optimizer.LearningRate", 1e-4, 1e-1, log: true)
        .AddFloat("other.Value", 0, 1);

    [Fact]
    public void Binds_by_name_with_conversion_nested_paths_and_prefix()
    {
        var p = TrialParameters.FromValues(Space, new Dictionary<string, object>
        {
            ["trainer.BatchSize"] = 64, ["trainer.dropout"] = 0.25, ["trainer.Schedule"] = "cosine", ["trainer.Epochs"] = 7,
            ["trainer.Shuffle"] = true, ["trainer.Optimizer.LearningRate"] = 0.003, ["other.Value"] = 0.5,
        });
        var o = OptionsBinder.Bind(p, new TrainerOptions(), "trainer.");
        Assert.Equal(64, o.BatchSize);
        Assert.Equal(0.25f, o.Dropout);
        Assert.Equal(Schedule.Cosine, o.Schedule);
        Assert.Equal(7, o.Epochs);
        Assert.True(o.Shuffle);
        Assert.Equal(0.003, o.Optimizer.LearningRate, 12);
    }

    [Fact]
    public void Unknown_property_and_rejected_value_name_the_parameter()
    {
        var space = new SearchSpace().AddFloat("t.Nope", 0, 1);
        var e = Assert.Throws<ArgumentException>(() => OptionsBinder.Bind(TrialParameters.FromValues(space, new Dictionary<string, object> { ["t.Nope"] = 0.5 }), new TrainerOptions(), "t."));
        Assert.Contains("'t.Nope'", e.Message);
        Assert.Contains("BatchSize", e.Message);

        var bad = new SearchSpace().AddInt("t.BatchSize", -5, -1);
        var r = Assert.Throws<ArgumentException>(() => OptionsBinder.Bind(TrialParameters.FromValues(bad, new Dictionary<string, object> { ["t.BatchSize"] = -3 }), new TrainerOptions(), "t."));
        Assert.Contains("'t.BatchSize'", r.Message);
        Assert.Contains("rejected", r.Message);
    }
}
