namespace PipelineExtensions.Augmentation;

/// <summary>What <see cref="OfflineAugmentation"/> does to the training rows.</summary>
public enum OfflineAugmentationMode
{
    /// <summary>Appends <see cref="OfflineAugmentationOptions.Copies"/> augmented copies of every selected row after the original rows.</summary>
    AppendCopies,

    /// <summary>
    /// Augments, in place, every selected row whose image repeats an earlier row's image exactly — the duplicates a
    /// random over-sampler adds — so over-sampling adds new variants instead of identical copies ("augmented
    /// over-sampling"). The first occurrence of each image stays as it is; the row count does not change.
    /// </summary>
    AugmentDuplicates,
}
