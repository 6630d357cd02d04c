using System.Globalization;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Augmentation;

/// <summary>Options of <see cref="RandomErasing"/> (torchvision's defaults).</summary>
public sealed class RandomErasingOptions
{
    /// <summary>Chance an image gets a rectangle erased, in [0, 1]. Default 0.5.</summary>
    public double Probability { get; set; } = 0.5;

    /// <summary>Smallest erased area as a fraction of the image, in (0, 1]. Default 0.02.</summary>
    public double ScaleMin { get; set; } = 0.02;

    /// <summary>Largest erased area fraction, in (0, 1]. Default 0.33.</summary>
    public double ScaleMax { get; set; } = 0.33;

    /// <summary>Smallest aspect ratio (height / width, as torchvision), positive. Default 0.3.</summary>
    public double RatioMin { get; set; } = 0.3;

    /// <summary>Largest aspect ratio. Default 3.3.</summary>
    public double RatioMax { get; set; } = 3.3;

    /// <summary>The value written into the rectangle (all channels). Default 0.</summary>
    public float Value { get; set; }

    /// <summary>Fill with standard normal noise instead of <see cref="Value"/> (torchvision's <c>value='random'</c>). Default false.</summary>
    public bool RandomValues { get; set; }
}

/// <summary>
/// Random Erasing (Zhong et al. 2017, torchvision's <c>RandomErasing</c>): with some probability, overwrites a
/// rectangle of random area and aspect ratio (ten tries to fit; none fitting leaves the image unchanged).
/// </summary>
public sealed class RandomErasing : PixelAugmentation
{
    /// <summary>Creates the augmentation; options are validated and copied.</summary>
    public RandomErasing(RandomErasingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Probability = AugmentationChecks.Probability(options.Probability, nameof(options.Probability));
        AugmentationChecks.Range(options.ScaleMin, options.ScaleMax, 1e-6, 1, nameof(options.ScaleMin), nameof(options.ScaleMax));
        AugmentationChecks.Range(options.RatioMin, options.RatioMax, 1e-3, 1e3, nameof(options.RatioMin), nameof(options.RatioMax));
        if (!float.IsFinite(options.Value))
            throw new ArgumentOutOfRangeException(nameof(options), options.Value, $"Value must be finite, got {options.Value}.");
        ScaleMin = options.ScaleMin;
        ScaleMax = options.ScaleMax;
        RatioMin = options.RatioMin;
        RatioMax = options.RatioMax;
        Value = options.Value;
        RandomValues = options.RandomValues;
    }

    /// <summary>Chance of erasing.</summary>
    public double Probability { get; }

    /// <summary>Smallest area fraction.</summary>
    public double ScaleMin { get; }

    /// <summary>Largest area fraction.</summary>
    public double ScaleMax { get; }

    /// <summary>Smallest aspect ratio (height / width).</summary>
    public double RatioMin { get; }

    /// <summary>Largest aspect ratio.</summary>
    public double RatioMax { get; }

    /// <summary>The constant erase value.</summary>
    public float Value { get; }

    /// <summary>Whether the rectangle gets normal noise.</summary>
    public bool RandomValues { get; }

    /// <inheritdoc />
    public override string Name => nameof(RandomErasing);

    private protected override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"p={Probability}, scale=[{ScaleMin}, {ScaleMax}], ratio=[{RatioMin}, {RatioMax}], value={(RandomValues ? "random" : Value)}");

    internal override void Apply(Span<float> image, ImageShape shape, SeededRandom rng, AugmentationWorkspace workspace)
    {
        if (rng.NextDouble() >= Probability)
            return;
        if (SampleBox(rng, shape.Height, shape.Width) is not var (top, left, h, w))
            return;
        EraseBox.Fill(image, shape, top, left, h, w, Value, RandomValues ? rng : null, workspace);
    }

    /// <summary>torchvision's <c>RandomErasing.get_params</c> box, or null when ten tries do not fit.</summary>
    internal (int Top, int Left, int Height, int Width)? SampleBox(SeededRandom rng, int height, int width) =>
        AreaRatioBox.TryDraw(rng, height, width, ScaleMin, ScaleMax, RatioMin, RatioMax, ratioIsHeightOverWidth: true, mayCoverImage: false);
}
