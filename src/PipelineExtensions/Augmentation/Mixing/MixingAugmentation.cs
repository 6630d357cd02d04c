using PipelineExtensions.Randomness;

namespace PipelineExtensions.Augmentation;

/// <summary>
/// A batch-level augmentation that mixes each image with a partner from the same mini-batch and mixes their
/// labels into soft targets (Mixup, CutMix). The partner of image i is image i−1 (image 0 pairs with the last),
/// torchvision's <c>roll(1)</c>; with shuffled batches that is a random pairing. Mixing runs online only
/// (inside a trainer's batch loader), after the per-image steps.
/// </summary>
public abstract class MixingAugmentation : ImageAugmentation
{
    private protected MixingAugmentation(double probability, string probabilityName)
    {
        Probability = AugmentationChecks.Probability(probability, probabilityName);
    }

    /// <summary>Chance that an image is mixed at all; an unmixed image keeps its hard label.</summary>
    public double Probability { get; }

    /// <summary>
    /// Mixes <paramref name="partner"/> into <paramref name="image"/> (both C×H×W) and returns λ, the share of the
    /// image's own label in the soft target (1 − λ goes to the partner's label).
    /// </summary>
    internal abstract float Mix(Span<float> image, ReadOnlySpan<float> partner, ImageShape shape, SeededRandom rng);
}
