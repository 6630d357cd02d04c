using PipelineExtensions.Tests.Training.Fakes;
using PipelineExtensions.Training;

namespace PipelineExtensions.Tests.Training.LrFinder;

public class LearningRateFinderTests
{
    [Fact]
    public void Sweeps_exponentially_stops_on_divergence_and_restores_the_model()
    {
        var model = new SoftmaxRegressionModel(seed: 3, rows: 300, separation: 3) { LearningRate = 0.05 };
        var before = model.Weights.ToArray();
        long stepsBefore = model.Steps;
        var result = LearningRateFinder.Run(model, new LearningRateFinderOptions { StartLearningRate = 1e-5, EndLearningRate = 1e4, Steps = 100, BatchSize = 16, Seed = 1 });

        Assert.Equal(before, model.Weights.ToArray());
        Assert.Equal(stepsBefore, model.Steps);
        Assert.Equal(0.05, model.LearningRate);
        Assert.True(result.Diverged);
        Assert.True(result.LearningRates.Count < 100);
        for (int i = 0; i < result.LearningRates.Count; i++)
            Assert.Equal(1e-5 * Math.Pow(1e9, i / 100.0), result.LearningRates[i], 1e-12 * result.LearningRates[i]);
        // Debiased EMA: the first smoothed value is the first loss.
        Assert.Equal(result.Losses[0], result.SmoothedLosses[0], 1e-12);
        Assert.True(result.SmoothedLosses[^1] > 4 * result.SmoothedLosses.Min() || double.IsNaN(result.SmoothedLosses[^1]));

        // The suggestion lies where the loss was falling, well below where it blew up.
        double suggested = result.Suggested!.Value;
        Assert.InRange(suggested, 1e-3, result.LearningRates[^1] / 10);
        int at = result.LearningRates.ToList().IndexOf(suggested);
        Assert.True(result.SmoothedLosses[at] < result.SmoothedLosses[0]);
    }

    [Fact]
    public void A_model_trained_at_the_suggested_rate_learns()
    {
        var probe = new SoftmaxRegressionModel(seed: 3, rows: 300, separation: 3);
        var result = LearningRateFinder.Run(probe, new LearningRateFinderOptions { StartLearningRate = 1e-5, EndLearningRate = 1e4, BatchSize = 16 });
        probe.LearningRate = result.Suggested!.Value;
        var history = TrainingLoop.Run(probe, new TrainingLoopOptions { Epochs = 3, BatchSize = 16 });
        Assert.True(history.Epochs[^1].Validation!.Accuracy > 0.85, $"accuracy {history.Epochs[^1].Validation!.Accuracy} at lr {probe.LearningRate}");
    }

    [Fact]
    public void Suggestion_functions_follow_fastai_on_hand_worked_curves()
    {
        double[] lrs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        double[] losses = [5, 5.1, 4, 3, 2.5, 2.4, 2.45, 6, 9, 20];
        // minimum: lr at the lowest loss (2.4 at lr 6) / 10.
        Assert.Equal(0.6, LearningRateSuggestions.Minimum(lrs, losses));
        // steep: Δloss / Δlog lr is −2.71 from lr 2 to 3, −3.48 from 3 to 4 (the most negative), −2.24 from 4 to 5;
        // fastai takes the lower end of the steepest interval.
        Assert.Equal(3, LearningRateSuggestions.Steepest(lrs, losses));
        // valley: longest decreasing subsequence 5.1, 4, 3, 2.5, 2.4 (length 5) ends at index 5; fastai sets
        // max_start = 5 − 5 = 0, sections = 5/3, index = 0 + 1 + 0 = 1.
        Assert.Equal(2, LearningRateSuggestions.Valley(lrs, losses));
        double[] longer = [9, 8.5, 8, 7, 6, 5, 4, 3, 2.9, 10];
        // decreasing run of 9 points ends at index 8; max_start = 8 − 9 = −1; sections = 3; index = −1 + 3 + 1 = 3.
        Assert.Equal(4, LearningRateSuggestions.Valley(lrs, longer));
        Assert.Null(LearningRateSuggestions.Valley([], []));
        Assert.Null(LearningRateSuggestions.Steepest([1], [1]));
    }

    [Fact]
    public void Options_are_validated()
    {
        var model = new SoftmaxRegressionModel();
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateFinder.Run(model, new LearningRateFinderOptions { StartLearningRate = 1, EndLearningRate = 0.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateFinder.Run(model, new LearningRateFinderOptions { Steps = 3 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateFinder.Run(model, new LearningRateFinderOptions { Smoothing = 1 }));
    }
}
