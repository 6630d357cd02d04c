using PipelineExtensions.Data;
using PipelineExtensions.Sampling;

namespace PipelineExtensions.Augmentation;

/// <summary>
/// The output of <see cref="OfflineAugmentation.AugmentRows"/>: the table and, for each row, whether it is an input
/// row (<see cref="RowOrigin.Original"/>) or an augmented one (<see cref="RowOrigin.Synthetic"/>) and which input row
/// it comes from — the provenance the samplers report too.
/// </summary>
public sealed class OfflineAugmentationResult
{
    private readonly RowOrigin[] _origins;
    private readonly int[] _sourceRows;

    internal OfflineAugmentationResult(DataTable table, RowOrigin[] origins, int[] sourceRows)
    {
        Table = table;
        _origins = origins;
        _sourceRows = sourceRows;
    }

    /// <summary>The augmented table, with the input's schema.</summary>
    public DataTable Table { get; }

    /// <summary>For each row: original or synthetic (augmented).</summary>
    public ReadOnlySpan<RowOrigin> Origins => _origins;

    /// <summary>For each row, the input row its image comes from (itself for originals).</summary>
    public ReadOnlySpan<int> SourceRows => _sourceRows;

    /// <summary>Number of augmented rows.</summary>
    public int SyntheticCount => _origins.Count(o => o == RowOrigin.Synthetic);

    /// <summary>True for each augmented row.</summary>
    public bool[] SyntheticMask() => _origins.Select(o => o == RowOrigin.Synthetic).ToArray();

    /// <inheritdoc />
    public override string ToString() => $"{Table.RowCount} rows, {SyntheticCount} augmented";
}
