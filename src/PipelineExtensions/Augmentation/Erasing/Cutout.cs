using System.Globalization;
using PipelineExtensions.Options;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Augmentation;

/// <summary>Options of <see cref="Cutout"/>.</summary>
public sealed class CutoutOptions
{
    /// <summary>Side of the square in pixels, positive. Default 8.</summary>
    public int Size { get; set; } = 8;

    /// <summary>Number of squares per image, positive. Default 1.</summary>
    public int Count { get; set; } = 1;

    /// <summary>Chance an image is cut at all, in [0, 1]. Default 1 (as in the paper).</summary>
    public double Probability { get; set; } = 1.0;

    /// <summary>The value written into the squares. Default 0.</summary>
    public float Value { get; set; }
}

/// <summary>
/// Cutout (DeVries and Taylor 2017): squares of fixed size centred at uniformly random pixels, clipped at the
/// border (so a square near an edge erases less), set to a constant.
/// </summary>
public sealed class Cutout : PixelAugmentation
{
    /// <summary>Creates the augmentation; options are validated and copied.</summary>
    public Cutout(CutoutOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Size = Check.Positive(options.Size, nameof(options.Size));
        Count = Check.Positive(options.Count, nameof(options.Count));
        Probability = AugmentationChecks.Probability(options.Probability, nameof(options.Probability));
        if (!float.IsFinite(options.Value))
            throw new ArgumentOutOfRangeException(nameof(options), options.Value, $"Value must be finite, got {options.Value}.");
        Value = options.Value;
    }

    /// <summary>Side of the squares.</summary>
    public int Size { get; }

    /// <summary>Squares per image.</summary>
    public int Count { get; }

    /// <summary>Chance of cutting.</summary>
    public double Probability { get; }

    /// <summary>The erase value.</summary>
    public float Value { get; }

    /// <inheritdoc />
    public override string Name => nameof(Cutout);

    private protected override string Describe() => string.Create(CultureInfo.InvariantCulture, $"size={Size}, count={Count}, p={Probability}, value={Value}");

    internal override void Apply(Span<float> image, ImageShape shape, SeededRandom rng, AugmentationWorkspace workspace)
    {
        if (rng.NextDouble() >= Probability)
            return;
        for (int k = 0; k < Count; k++)
        {
            var (top, left, h, w) = SampleBox(rng, shape.Height, shape.Width);
            EraseBox.Fill(image, shape, top, left, h, w, Value, null, workspace);
        }
    }

    /// <summary>The clipped square around a uniformly drawn centre (the paper's reference code).</summary>
    internal (int Top, int Left, int Height, int Width) SampleBox(SeededRandom rng, int height, int width)
    {
        int cy = rng.NextInt(height), cx = rng.NextInt(width);
        int y0 = Math.Clamp(cy - Size / 2, 0, height), y1 = Math.Clamp(cy + Size - Size / 2, 0, height);
        int x0 = Math.Clamp(cx - Size / 2, 0, width), x1 = Math.Clamp(cx + Size - Size / 2, 0, width);
        return (y0, x0, y1 - y0, x1 - x0);
    }
}
