using PipelineExtensions.Options;

namespace PipelineExtensions.Sampling;

/// <summary>How <see cref="EditedNearestNeighbours"/> decides that a row disagrees with its neighbourhood (kind_sel).</summary>
public enum EnnSelection
{
    /// <summary>"all": a row is kept only if all its k neighbours share its class.</summary>
    All,

    /// <summary>"mode": a row is kept if the most frequent class among its neighbours (ties: lowest class index) is its own.</summary>
    Mode,
}

/// <summary>
/// Options of <see cref="EditedNearestNeighbours"/> (imbalanced-learn's <c>EditedNearestNeighbours</c>). The strategy
/// says which classes may lose rows (default: every class but the minority).
/// </summary>
public sealed class EditedNearestNeighboursOptions : SamplerOptions
{
    /// <summary>k: the neighbours (whole table, excluding the row) that vote (n_neighbors). Default 3.</summary>
    public int NeighbourCount { get; set; } = 3;

    /// <summary>The keep rule. Default <see cref="EnnSelection.All"/>.</summary>
    public EnnSelection Selection { get; set; } = EnnSelection.All;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Check.InRange(NeighbourCount, 1, 1000);
        if (!Enum.IsDefined(Selection))
            throw new ArgumentOutOfRangeException(nameof(Selection), Selection, $"Selection must be All or Mode, got {Selection}.");
    }
}
