using CsCheck;
using PipelineExtensions.AutoML.Experiments;
using PipelineExtensions.Training;

namespace PipelineExtensions.AutoML.Tests.Experiments;

/// <summary>The trailing mean of a metric's last epochs, against its definition (mean of the last min(window, n) values).</summary>
public class HistoryObjectiveTests
{
    [Fact]
    public void Trailing_mean_averages_the_last_min_window_n_values()
    {
        double[] curve = [0.5, 0.6, 0.9, 0.7];
        Assert.Equal(0.7, HistoryObjective.TrailingMean(curve, 1)); // window 1: the last value itself, bit for bit
        Assert.Equal((0.6 + 0.9 + 0.7) / 3, HistoryObjective.TrailingMean(curve, 3), 15);
        Assert.Equal((0.5 + 0.6 + 0.9 + 0.7) / 4, HistoryObjective.TrailingMean(curve, 10), 15); // fewer epochs than the window: all of them
        Assert.Equal(0.5, HistoryObjective.TrailingMean(curve.AsSpan(0, 1), 3));
        Assert.Equal((0.5 + 0.6) / 2, HistoryObjective.TrailingMean(curve.AsSpan(0, 2), 3), 15);
    }

    [Fact]
    public void Trailing_mean_matches_its_definition_on_random_curves()
    {
        Gen.Select(Gen.Double[-1, 1].Array[1, 30], Gen.Int[1, 40]).Sample((curve, window) =>
        {
            var last = curve.Skip(Math.Max(0, curve.Length - window)).ToArray();
            double mean = HistoryObjective.TrailingMean(curve, window);
            Assert.Equal(last.Average(), mean, 12);
            Assert.InRange(mean, last.Min() - 1e-12, last.Max() + 1e-12);
        });
    }

    [Fact]
    public void Trailing_means_of_equal_image_counts_agree_to_1e9_in_any_order()
    {
        // Accuracies k/1000: the same counts summed in another order may differ in the last bit, never by 1e-9 —
        // the tolerance the pruning benchmark compares smoothed objectives with.
        Gen.Int[0, 1000].Array[3].Sample(counts =>
        {
            double[] a = counts.Select(k => k / 1000.0).ToArray();
            double[] b = a.Reverse().ToArray();
            Assert.True(Math.Abs(HistoryObjective.TrailingMean(a, 3) - HistoryObjective.TrailingMean(b, 3)) < 1e-12);
        });
        // ...while one image more in the sum moves the mean by 1/3000.
        Assert.True(HistoryObjective.TrailingMean([0.801, 0.8, 0.8], 3) - HistoryObjective.TrailingMean([0.8, 0.8, 0.8], 3) > 1e-9);
    }

    [Fact]
    public void Bad_input_is_named()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => HistoryObjective.TrailingMean([0.5], 0));
        var empty = Assert.Throws<ArgumentException>(() => HistoryObjective.TrailingMean(ReadOnlySpan<double>.Empty, 3));
        Assert.Equal("values", empty.ParamName);
        var history = new TrainingHistory();
        Assert.Contains("val_accuracy", Assert.Throws<ArgumentException>(() => HistoryObjective.TrailingMean(history, MetricNames.ValidationAccuracy, 3)).Message);
        Assert.Throws<ArgumentNullException>(() => HistoryObjective.TrailingMean(null!, MetricNames.ValidationAccuracy, 3));
    }

    [Fact]
    public void History_overload_equals_the_span_overload_on_the_metric_series()
    {
        var history = TrialPruningCallbackTests.TrainedHistory(epochs: 5);
        double[] series = history.Series(MetricNames.ValidationAccuracy);
        Assert.Equal(5, series.Length);
        foreach (int window in new[] { 1, 2, 3, 5, 9 })
            Assert.Equal(HistoryObjective.TrailingMean(series, window), HistoryObjective.TrailingMean(history, MetricNames.ValidationAccuracy, window));
        var missing = Assert.Throws<KeyNotFoundException>(() => HistoryObjective.TrailingMean(history, "val_nonexistent", 3));
        Assert.Contains("val_nonexistent", missing.Message);
    }
}
