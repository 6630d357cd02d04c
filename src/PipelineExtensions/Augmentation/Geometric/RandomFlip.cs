using System.Globalization;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Augmentation;

/// <summary>Options of <see cref="RandomFlip"/>.</summary>
public sealed class RandomFlipOptions
{
    /// <summary>Which axes may be flipped. Default <see cref="FlipMode.Horizontal"/>.</summary>
    public FlipMode Mode { get; set; } = FlipMode.Horizontal;

    /// <summary>Chance of flipping each allowed axis, in [0, 1]. Default 0.5 (Keras and torchvision).</summary>
    public double Probability { get; set; } = 0.5;
}

/// <summary>
/// Flips images left–right and/or top–bottom, each allowed axis with probability <see cref="RandomFlipOptions.Probability"/>
/// (Keras' <c>RandomFlip</c>, torchvision's <c>RandomHorizontalFlip</c>/<c>RandomVerticalFlip</c>). A flip maps
/// column x to W−1−x exactly.
/// </summary>
public sealed class RandomFlip : GeometricAugmentation
{
    /// <summary>Creates the augmentation; options are validated and copied.</summary>
    public RandomFlip(RandomFlipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(options.Mode))
            throw new ArgumentOutOfRangeException(nameof(options), options.Mode, $"Mode must be one of {string.Join(", ", Enum.GetNames<FlipMode>())}, got {options.Mode}.");
        Mode = options.Mode;
        Probability = AugmentationChecks.Probability(options.Probability, nameof(options.Probability));
    }

    /// <summary>Which axes may be flipped.</summary>
    public FlipMode Mode { get; }

    /// <summary>Chance of flipping each allowed axis.</summary>
    public double Probability { get; }

    /// <inheritdoc />
    public override string Name => nameof(RandomFlip);

    private protected override string Describe() => string.Create(CultureInfo.InvariantCulture, $"mode={Mode}, p={Probability}");

    internal override Affine2D Sample(SeededRandom rng, int inH, int inW, int outH, int outW)
    {
        bool h = Mode != FlipMode.Vertical && rng.NextDouble() < Probability;
        bool v = Mode != FlipMode.Horizontal && rng.NextDouble() < Probability;
        return new Affine2D(h ? -1 : 1, 0, h ? inW - 1 : 0, 0, v ? -1 : 1, v ? inH - 1 : 0);
    }
}
