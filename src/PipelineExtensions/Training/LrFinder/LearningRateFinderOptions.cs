using Microsoft.Extensions.Logging;
using PipelineExtensions.Options;

namespace PipelineExtensions.Training;

/// <summary>Settings of the <see cref="LearningRateFinder"/> (defaults are fastai's <c>lr_find</c>).</summary>
public sealed class LearningRateFinderOptions
{
    /// <summary>The rate of the first step; positive. Default 1e-7.</summary>
    public double StartLearningRate { get; set; } = 1e-7;

    /// <summary>The rate the sweep would reach after <see cref="Steps"/> steps; above the start. Default 10.</summary>
    public double EndLearningRate { get; set; } = 10;

    /// <summary>Optimizer steps of the sweep (at least 6, as in fastai). Default 100.</summary>
    public int Steps { get; set; } = 100;

    /// <summary>Rows per batch. Default 64.</summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>Stop when the smoothed loss exceeds <see cref="DivergenceFactor"/> times its best, or is NaN. Default true.</summary>
    public bool StopOnDivergence { get; set; } = true;

    /// <summary>The divergence threshold relative to the best smoothed loss (&gt; 1). Default 4.</summary>
    public double DivergenceFactor { get; set; } = 4;

    /// <summary>β of the debiased exponential moving average of the loss, in [0, 1). Default 0.98.</summary>
    public double Smoothing { get; set; } = 0.98;

    /// <summary>Seed of the batch order and of each step's randomness. Default 0.</summary>
    public long Seed { get; set; }

    /// <summary>Where the finder logs. Optional.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>Throws when a setting is out of range; the message names it.</summary>
    public void Validate()
    {
        Check.Positive(StartLearningRate);
        Check.Positive(EndLearningRate);
        if (!(EndLearningRate > StartLearningRate))
            throw new ArgumentOutOfRangeException(nameof(EndLearningRate), EndLearningRate, $"EndLearningRate must be above StartLearningRate ({StartLearningRate}), got {EndLearningRate}.");
        Check.InRange(Steps, 6, 1_000_000);
        Check.Positive(BatchSize);
        if (!(DivergenceFactor > 1) || double.IsInfinity(DivergenceFactor))
            throw new ArgumentOutOfRangeException(nameof(DivergenceFactor), DivergenceFactor, $"DivergenceFactor must be a finite number above 1, got {DivergenceFactor}.");
        if (!(Smoothing >= 0 && Smoothing < 1))
            throw new ArgumentOutOfRangeException(nameof(Smoothing), Smoothing, $"Smoothing must be in [0, 1), got {Smoothing}.");
    }
}
