namespace PipelineExtensions.Training;

/// <summary>The loss-versus-learning-rate curve of an LR range test and the rates it suggests.</summary>
public sealed class LearningRateFinderResult
{
    internal LearningRateFinderResult(double[] learningRates, double[] losses, double[] smoothedLosses, bool diverged, int trimStart, int trimEnd)
    {
        LearningRates = learningRates;
        Losses = losses;
        SmoothedLosses = smoothedLosses;
        Diverged = diverged;
        // fastai judges the curve without its first tenth and last five points, and up to the first NaN.
        trimStart = Math.Min(trimStart, learningRates.Length);
        int end = Math.Max(trimStart, learningRates.Length - trimEnd);
        int nan = Array.FindIndex(smoothedLosses, trimStart, end - trimStart, double.IsNaN);
        if (nan >= 0)
            end = nan;
        var lrs = learningRates[trimStart..end];
        var judged = smoothedLosses[trimStart..end];
        Minimum = LearningRateSuggestions.Minimum(lrs, judged);
        Steepest = LearningRateSuggestions.Steepest(lrs, judged);
        Valley = LearningRateSuggestions.Valley(lrs, judged);
    }

    /// <summary>The learning rate of each step.</summary>
    public IReadOnlyList<double> LearningRates { get; }

    /// <summary>Each step's batch loss.</summary>
    public IReadOnlyList<double> Losses { get; }

    /// <summary>The debiased exponential moving average of the losses (what fastai plots).</summary>
    public IReadOnlyList<double> SmoothedLosses { get; }

    /// <summary>True when the sweep stopped because the loss diverged.</summary>
    public bool Diverged { get; }

    /// <summary>fastai's <c>minimum</c>: the rate of the lowest smoothed loss divided by 10; null when the curve is too short.</summary>
    public double? Minimum { get; }

    /// <summary>fastai's <c>steep</c>: the rate where the smoothed loss falls fastest against log(rate); null when too short.</summary>
    public double? Steepest { get; }

    /// <summary>fastai's <c>valley</c> (its default): a rate inside the longest descending stretch of the curve; null when too short.</summary>
    public double? Valley { get; }

    /// <summary>The suggested rate: <see cref="Valley"/>, else <see cref="Steepest"/>, else <see cref="Minimum"/>; null when the curve is too short to judge.</summary>
    public double? Suggested => Valley ?? Steepest ?? Minimum;
}
