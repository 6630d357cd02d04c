namespace PipelineExtensions.Cli.Config;

/// <summary>The <c>pipeline</c> section: the steps before the trainer.</summary>
public sealed class PipelineConfig
{
    /// <summary>"none", "random_over_sampler" or "smote" (train-only, <c>ctx.Sampling</c>). Default "none".</summary>
    public string Sampler { get; init; } = "none";

    /// <summary>"none", "balanced", "inverse_square_root" or "effective_number" (<c>ctx.Transforms.AddClassWeights</c>). Default "none".</summary>
    public string ClassWeights { get; init; } = "none";

    /// <summary>Image augmentations, any of "RandomAffine", "RandomErasing", "RandomFlip", "RandomCrop"; empty for none. Default none.</summary>
    public IReadOnlyList<string> Augmentation { get; init; } = [];

    /// <summary>Augmented copies of every training row (MLP, offline); the CNN augments every batch instead. In [1, 16]. Default 1.</summary>
    public int AugmentationCopies { get; init; } = 1;

    /// <summary>The augmentation names <see cref="Augmentation"/> accepts.</summary>
    public static IReadOnlyList<string> Augmentations { get; } = ["RandomAffine", "RandomErasing", "RandomFlip", "RandomCrop"];

    internal void Validate(ConfigChecker check, string path, TrainerConfig trainer)
    {
        check.OneOf($"{path}.sampler", Sampler, "none", "random_over_sampler", "smote");
        check.OneOf($"{path}.class_weights", ClassWeights, "none", "balanced", "inverse_square_root", "effective_number");
        if (Augmentation is null)
            throw check.Fail($"{path}.augmentation", "expected a list (empty for none)");
        for (int i = 0; i < Augmentation.Count; i++)
            check.OneOf($"{path}.augmentation[{i}]", Augmentation[i], [.. Augmentations]);
        check.Range($"{path}.augmentation_copies", AugmentationCopies, 1, 16);
    }
}
