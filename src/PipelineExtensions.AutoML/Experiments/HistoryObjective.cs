using PipelineExtensions.Options;
using PipelineExtensions.Training;

namespace PipelineExtensions.AutoML.Experiments;

/// <summary>
/// Objectives that are metrics of a training history rather than of one evaluation. On a small validation set one
/// epoch's accuracy jitters by about its binomial standard error, so a sweep that ranks trials by the last epoch
/// picks lucky evaluations; the mean over the last few epochs (<see cref="TrailingMean(TrainingHistory, string, int)"/>)
/// averages that noise away. Use the same window for the value a sweep optimises (in the evaluator) and for the
/// values its pruner judges (<see cref="TrialPruningCallback"/> with a window), so both rank trials alike:
/// <code>
/// options.Callbacks.Add(new TrialPruningCallback(trial, MetricNames.ValidationAccuracy, window: 3));
/// // evaluator:
/// (model, _) => HistoryObjective.TrailingMean(((NeuralClassifierModel)model).History!, MetricNames.ValidationAccuracy, 3)
/// </code>
/// </summary>
public static class HistoryObjective
{
    /// <summary>
    /// The mean of the last min(<paramref name="window"/>, n) of the n values, summed in order: after epoch e
    /// (1-based) of a curve, the mean of epochs max(1, e − window + 1)..e.
    /// </summary>
    /// <param name="values">A metric per epoch, oldest first.</param>
    /// <param name="window">How many of the latest values to average (≥ 1; 1 is the last value itself).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> is below 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty.</exception>
    public static double TrailingMean(ReadOnlySpan<double> values, int window)
    {
        Check.Positive(window);
        if (values.IsEmpty)
            throw new ArgumentException("A trailing mean needs at least one value (no epoch has been recorded yet).", nameof(values));
        var last = values[Math.Max(0, values.Length - window)..];
        double sum = 0;
        foreach (double v in last)
            sum += v;
        return sum / last.Length;
    }

    /// <summary>
    /// The mean of <paramref name="metric"/> (a <see cref="MetricNames"/> name, e.g. <see cref="MetricNames.ValidationAccuracy"/>)
    /// over the last min(<paramref name="window"/>, epochs) epochs of <paramref name="history"/> — the same number
    /// <see cref="TrailingMean(ReadOnlySpan{double}, int)"/> gives for the metric's series.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> is below 1.</exception>
    /// <exception cref="ArgumentException">The history has no epoch yet.</exception>
    /// <exception cref="KeyNotFoundException">An epoch in the window lacks <paramref name="metric"/> (the message lists the metrics it has).</exception>
    public static double TrailingMean(TrainingHistory history, string metric, int window)
    {
        ArgumentNullException.ThrowIfNull(history);
        Check.NotEmpty(metric);
        Check.Positive(window);
        var epochs = history.Epochs;
        if (epochs.Count == 0)
            throw new ArgumentException($"A trailing mean of '{metric}' needs at least one epoch; the history has none.", nameof(history));
        int count = Math.Min(window, epochs.Count);
        Span<double> values = count <= 64 ? stackalloc double[count] : new double[count];
        for (int i = 0; i < count; i++)
            values[i] = epochs[epochs.Count - count + i].GetMetric(metric);
        return TrailingMean(values, window);
    }
}
