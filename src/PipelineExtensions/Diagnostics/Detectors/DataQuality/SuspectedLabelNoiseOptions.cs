using PipelineExtensions.Options;

namespace PipelineExtensions.Diagnostics;

/// <summary>Thresholds of <see cref="SuspectedLabelNoiseDetector"/>.</summary>
public sealed class SuspectedLabelNoiseOptions : IDetectorOptions
{
    /// <summary>Neighbours consulted per row (≥ 1). Default 10.</summary>
    public int Neighbours { get; set; } = 10;

    /// <summary>At most this many training rows (a seeded sample) take part in the neighbour search (≥ 2). Default 3000.</summary>
    public int MaxRows { get; set; } = 3000;

    /// <summary>Seed of the row sample. Default 0.</summary>
    public long Seed { get; set; }

    /// <summary>
    /// A row is suspect when at least this fraction of its neighbours agree on one label other than its own,
    /// in (0, 1]. Default 0.8.
    /// </summary>
    public double MinNeighbourAgreement { get; set; } = 0.8;

    /// <summary>The finding needs at least this fraction of the sampled rows to be suspect, in [0, 1] — or an exact-duplicate conflict. Default 0.05.</summary>
    public double MinSuspectFraction { get; set; } = 0.05;

    /// <summary>
    /// A nearest neighbour closer than this fraction of the median nearest-neighbour distance counts as a
    /// near-duplicate; a near-duplicate with another label is a conflict (≥ 0). Default 0.05.
    /// </summary>
    public double NearDuplicateDistance { get; set; } = 0.05;

    /// <summary>At most this many affected rows are listed (≥ 0). Default 1000.</summary>
    public int MaxListedRows { get; set; } = 1000;

    /// <summary>Checks every option; the exception names the option, its value and the allowed range.</summary>
    public void Validate()
    {
        Check.Positive(Neighbours);
        Check.InRange(MaxRows, 2, int.MaxValue);
        if (!(MinNeighbourAgreement > 0 && MinNeighbourAgreement <= 1))
            throw new ArgumentOutOfRangeException(nameof(MinNeighbourAgreement), MinNeighbourAgreement, $"MinNeighbourAgreement must be in (0, 1], got {MinNeighbourAgreement}.");
        Check.InRange(MinSuspectFraction, 0, 1);
        Check.NonNegative(NearDuplicateDistance);
        Check.NonNegative(MaxListedRows);
    }
}
