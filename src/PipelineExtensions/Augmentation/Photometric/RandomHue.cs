using System.Globalization;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Augmentation;

/// <summary>Options of <see cref="RandomHue"/>: the hue shift, in turns of the colour wheel, is drawn from [MinShift, MaxShift].</summary>
public sealed class RandomHueOptions
{
    /// <summary>Smallest shift, in [−0.5, 0.5]. Default −0.05.</summary>
    public double MinShift { get; set; } = -0.05;

    /// <summary>Largest shift, in [−0.5, 0.5], at least <see cref="MinShift"/>. Default 0.05.</summary>
    public double MaxShift { get; set; } = 0.05;
}

/// <summary>
/// Rotates the hue of RGB images by a random shift through HSV, keeping saturation and value (torchvision's
/// <c>ColorJitter(hue)</c> / <c>adjust_hue</c>).
/// </summary>
public sealed class RandomHue : PixelAugmentation
{
    /// <summary>Creates the augmentation; options are validated and copied.</summary>
    public RandomHue(RandomHueOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        AugmentationChecks.Range(options.MinShift, options.MaxShift, -0.5, 0.5, nameof(options.MinShift), nameof(options.MaxShift));
        MinShift = options.MinShift;
        MaxShift = options.MaxShift;
    }

    /// <summary>Smallest shift in turns.</summary>
    public double MinShift { get; }

    /// <summary>Largest shift in turns.</summary>
    public double MaxShift { get; }

    /// <inheritdoc />
    public override string Name => nameof(RandomHue);

    private protected override string Describe() => string.Create(CultureInfo.InvariantCulture, $"shift=[{MinShift}, {MaxShift}]");

    internal override void CheckShape(ImageShape shape) => RequireRgb(shape);

    internal override void Apply(Span<float> image, ImageShape shape, SeededRandom rng, AugmentationWorkspace workspace)
    {
        float shift = (float)AugmentationChecks.Uniform(rng, MinShift, MaxShift);
        if (shift == 0f)
            return;
        ColorAdjust.Hue(image, shape, shift, workspace.MaxPixelValue);
    }
}
