namespace PipelineExtensions.Diagnostics;

/// <summary>
/// Which rows or feature dimensions a finding is about, so a remedy can act on exactly them (drop the leaked
/// validation rows, review these labels, drop these constant features).
/// </summary>
/// <param name="What">What the indices point into: <see cref="AffectedKind.TrainRows"/>, <see cref="AffectedKind.ValidationRows"/> or <see cref="AffectedKind.Features"/>.</param>
/// <param name="Indices">The indices, ascending; at most <paramref name="Total"/> of them (lists are capped by the detector's options).</param>
/// <param name="Total">How many there are in all.</param>
public sealed record AffectedItems(AffectedKind What, IReadOnlyList<int> Indices, int Total);

/// <summary>What the indices of <see cref="AffectedItems"/> point into.</summary>
public enum AffectedKind
{
    /// <summary>Rows of the training table.</summary>
    TrainRows,

    /// <summary>Rows of the validation table.</summary>
    ValidationRows,

    /// <summary>Elements of the feature vector.</summary>
    Features,
}
