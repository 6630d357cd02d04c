using PipelineExtensions.Options;

namespace PipelineExtensions.Diagnostics;

/// <summary>Thresholds of <see cref="OverfittingDetector"/>.</summary>
public sealed class OverfittingOptions : IDetectorOptions
{
    /// <summary>The finding needs at least this many epochs after the best validation-loss epoch (≥ 1). Default 3.</summary>
    public int MinEpochsSinceBest { get; set; } = 3;

    /// <summary>
    /// The finding needs the gap (validation loss − training loss) to have grown since the best epoch by at least
    /// this fraction of the best validation loss (≥ 0). Default 0.1.
    /// </summary>
    public double MinGapGrowth { get; set; } = 0.1;

    /// <summary>The finding needs the training loss to have kept falling after the best epoch by at least this fraction (≥ 0). Default 0.05.</summary>
    public double MinTrainImprovement { get; set; } = 0.05;

    /// <summary>From this rise of the final validation loss over its best (a fraction, ≥ 0) the finding is critical. Default 0.25.</summary>
    public double CriticalRise { get; set; } = 0.25;

    /// <summary>End values are the mean of up to this many last epochs, to ride over noise (≥ 1). Default 2.</summary>
    public int TailEpochs { get; set; } = 2;

    /// <summary>Checks every option; the exception names the option, its value and the allowed range.</summary>
    public void Validate()
    {
        Check.Positive(MinEpochsSinceBest);
        Check.NonNegative(MinGapGrowth);
        Check.NonNegative(MinTrainImprovement);
        Check.NonNegative(CriticalRise);
        Check.Positive(TailEpochs);
    }
}
