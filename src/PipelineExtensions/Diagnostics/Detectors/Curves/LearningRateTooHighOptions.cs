using PipelineExtensions.Options;

namespace PipelineExtensions.Diagnostics;

/// <summary>Thresholds of <see cref="LearningRateTooHighDetector"/>.</summary>
public sealed class LearningRateTooHighOptions : IDetectorOptions
{
    /// <summary>Oscillation is judged on at least this many epochs (≥ 3). Default 5.</summary>
    public int MinEpochs { get; set; } = 5;

    /// <summary>"Oscillating": at least this fraction of consecutive training-loss steps reverse direction, in [0, 1]. Default 0.5.</summary>
    public double MinSignChangeFraction { get; set; } = 0.5;

    /// <summary>… with a mean step of at least this fraction of the mean loss (≥ 0). Default 0.05.</summary>
    public double MinRelativeAmplitude { get; set; } = 0.05;

    /// <summary>… and a net decrease of at most this fraction of the distance travelled, in [0, 1]. Default 0.3.</summary>
    public double MaxNetProgress { get; set; } = 0.3;

    /// <summary>"Diverging": the final training loss is at least this multiple of its lowest earlier value (&gt; 1). Default 1.5.</summary>
    public double DivergenceFactor { get; set; } = 1.5;

    /// <summary>Checks every option; the exception names the option, its value and the allowed range.</summary>
    public void Validate()
    {
        Check.InRange(MinEpochs, 3, int.MaxValue);
        Check.InRange(MinSignChangeFraction, 0, 1);
        Check.NonNegative(MinRelativeAmplitude);
        Check.InRange(MaxNetProgress, 0, 1);
        if (!(DivergenceFactor > 1) || double.IsInfinity(DivergenceFactor))
            throw new ArgumentOutOfRangeException(nameof(DivergenceFactor), DivergenceFactor, $"DivergenceFactor must be a finite number > 1, got {DivergenceFactor}.");
    }
}
