using PipelineExtensions.Options;

namespace PipelineExtensions.Augmentation;

/// <summary>Options of <see cref="OfflineAugmentation"/>.</summary>
public sealed class OfflineAugmentationOptions
{
    /// <summary>The image column to augment (required).</summary>
    public string ImageColumnName { get; set; } = "";

    /// <summary>Append copies or augment duplicates. Default <see cref="OfflineAugmentationMode.AppendCopies"/>.</summary>
    public OfflineAugmentationMode Mode { get; set; } = OfflineAugmentationMode.AppendCopies;

    /// <summary>Augmented copies per selected row in <see cref="OfflineAugmentationMode.AppendCopies"/>, positive. Default 1.</summary>
    public int Copies { get; set; } = 1;

    /// <summary>The key column that <see cref="Classes"/> refers to; required when <see cref="Classes"/> is set.</summary>
    public string? LabelColumnName { get; set; }

    /// <summary>Only rows of these classes (class names of the label key) are augmented; null (default) augments every row.</summary>
    public IReadOnlyList<string>? Classes { get; set; }

    /// <summary>
    /// An existing Boolean column to set to true on augmented rows (originals keep their value), so later steps can
    /// tell synthetic rows apart; null (default) marks nothing. Train-only steps keep the schema, so the column must
    /// already exist.
    /// </summary>
    public string? SyntheticColumnName { get; set; }

    internal void Validate()
    {
        Check.NotEmpty(ImageColumnName, nameof(ImageColumnName));
        if (!Enum.IsDefined(Mode))
            throw new ArgumentOutOfRangeException(nameof(Mode), Mode, $"Mode must be AppendCopies or AugmentDuplicates, got {Mode}.");
        Check.InRange(Copies, 1, 1000, nameof(Copies));
        if (Classes is not null)
        {
            if (Classes.Count == 0)
                throw new ArgumentException("Classes is empty: list at least one class, or leave it null to augment every row.", nameof(Classes));
            if (string.IsNullOrWhiteSpace(LabelColumnName))
                throw new ArgumentException("Classes needs LabelColumnName, the key column holding the classes.", nameof(LabelColumnName));
        }
        if (SyntheticColumnName is not null)
            Check.NotEmpty(SyntheticColumnName, nameof(SyntheticColumnName));
    }
}
