using PipelineExtensions.Tests.Training.Fakes;
using PipelineExtensions.Training;

namespace PipelineExtensions.Tests.Training.History;

public class TrainingHistoryTests
{
    private static TrainingHistory Train(int epochs = 6)
    {
        var model = new SoftmaxRegressionModel(seed: 3);
        return TrainingLoop.Run(model, new TrainingLoopOptions
        {
            Epochs = epochs,
            BatchSize = 32,
            Seed = 5,
            Callbacks = [new ReduceLROnPlateau { Patience = 1, Factor = 0.5, MinDelta = 0.05 }, new EarlyStopping { Patience = 3, RestoreBestWeights = true }],
        });
    }

    [Fact]
    public void Json_round_trip_keeps_every_figure_exactly()
    {
        var history = Train();
        history.ClassNames = ["a", "b", "c"];
        var copy = TrainingHistory.FromJson(System.Text.Json.Nodes.JsonNode.Parse(history.ToJson().ToJsonString()));
        Assert.Equal(history.ToJson().ToJsonString(), copy.ToJson().ToJsonString());
        Assert.Equal(history.Series(MetricNames.ValidationLoss), copy.Series(MetricNames.ValidationLoss));
        Assert.Equal(history.Events, copy.Events);
        Assert.Equal(["a", "b", "c"], copy.ClassNames!);
    }

    [Fact]
    public void Save_and_load_through_a_file()
    {
        var history = Train(3);
        string path = Path.Combine(Path.GetTempPath(), $"pipex-history-{Guid.NewGuid():N}.json");
        try
        {
            history.Save(path);
            var loaded = TrainingHistory.Load(path);
            Assert.Equal(history.Series(MetricNames.Loss), loaded.Series(MetricNames.Loss));
            Assert.Equal(history.StopReason, loaded.StopReason);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Non_json_and_wrong_json_are_reported()
    {
        Assert.Throws<FormatException>(() => TrainingHistory.FromJson(System.Text.Json.Nodes.JsonNode.Parse("{\"format\":\"other\"}")));
        Assert.Throws<FileNotFoundException>(() => TrainingHistory.Load("/nonexistent/history.json"));
    }

    [Fact]
    public void Best_epoch_and_series_lookups()
    {
        var history = Train();
        var loss = history.Series(MetricNames.ValidationLoss);
        int best = Array.IndexOf(loss, loss.Min());
        Assert.Equal(best, history.BestEpoch());
        var acc = history.Series(MetricNames.ValidationAccuracy);
        Assert.Equal(Array.IndexOf(acc, acc.Max()), history.BestEpoch(MetricNames.ValidationAccuracy));
        Assert.All(history.Epochs, e => Assert.Equal(3, e.Validation!.PerClassRecall.Count));
        var report = history.Epochs[0];
        Assert.Throws<KeyNotFoundException>(() => report.GetMetric("val_auc"));
        Assert.Contains("Epoch 1/", report.ToString());
    }
}
