using PipelineExtensions.Options;

namespace PipelineExtensions.Diagnostics;

/// <summary>Thresholds of <see cref="DuplicatesAcrossSplitsDetector"/>.</summary>
public sealed class DuplicatesAcrossSplitsOptions : IDetectorOptions
{
    /// <summary>The finding needs at least this fraction of validation rows to be copies of training rows, in [0, 1]. Default 0.005.</summary>
    public double MinFraction { get; set; } = 0.005;

    /// <summary>From this fraction on the finding is critical, in [0, 1]. Default 0.1.</summary>
    public double CriticalFraction { get; set; } = 0.1;

    /// <summary>At most this many affected rows are listed (≥ 0). Default 1000.</summary>
    public int MaxListedRows { get; set; } = 1000;

    /// <summary>Checks every option; the exception names the option, its value and the allowed range.</summary>
    public void Validate()
    {
        Check.InRange(MinFraction, 0, 1);
        Check.InRange(CriticalFraction, 0, 1);
        Check.NonNegative(MaxListedRows);
    }
}
