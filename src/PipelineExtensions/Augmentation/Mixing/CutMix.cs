using System.Globalization;
using PipelineExtensions.Options;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Augmentation;

/// <summary>Options of <see cref="CutMix"/>.</summary>
public sealed class CutMixOptions
{
    /// <summary>α of the Beta(α, α) draw of the kept area, positive. Default 1 (uniform, as in the paper).</summary>
    public double Alpha { get; set; } = 1.0;

    /// <summary>Chance an image is mixed at all, in [0, 1]. Default 1.</summary>
    public double Probability { get; set; } = 1.0;
}

/// <summary>
/// CutMix (Yun et al. 2019): pastes a rectangle of the partner image into image i. The rectangle has sides
/// √(1 − λ)·(H, W) for λ ~ Beta(α, α) around a uniformly drawn centre, clipped at the border; the target is
/// λ′·yᵢ + (1 − λ′)·yⱼ where λ′ = 1 − (pasted area)/(H·W) is the share actually kept (the paper's reference code).
/// </summary>
public sealed class CutMix : MixingAugmentation
{
    /// <summary>Creates the augmentation; options are validated and copied.</summary>
    public CutMix(CutMixOptions options) : base(options?.Probability ?? throw new ArgumentNullException(nameof(options)), nameof(options.Probability))
    {
        Alpha = Check.Positive(options.Alpha, nameof(options.Alpha));
    }

    /// <summary>α of the Beta(α, α) draw.</summary>
    public double Alpha { get; }

    /// <inheritdoc />
    public override string Name => nameof(CutMix);

    private protected override string Describe() => string.Create(CultureInfo.InvariantCulture, $"alpha={Alpha}, p={Probability}");

    internal override float Mix(Span<float> image, ReadOnlySpan<float> partner, ImageShape shape, SeededRandom rng)
    {
        var (top, left, h, w) = SampleBox(rng, shape.Height, shape.Width);
        for (int c = 0; c < shape.Channels; c++)
            for (int y = top; y < top + h; y++)
            {
                int offset = (c * shape.Height + y) * shape.Width + left;
                partner.Slice(offset, w).CopyTo(image.Slice(offset, w));
            }
        return 1f - (float)((double)h * w / ((double)shape.Height * shape.Width));
    }

    /// <summary>The pasted rectangle (top, left, height, width) for one image.</summary>
    internal (int Top, int Left, int Height, int Width) SampleBox(SeededRandom rng, int height, int width)
    {
        double lambda = BetaDistribution.Sample(rng, Alpha, Alpha);
        double cut = Math.Sqrt(1.0 - lambda);
        int cutW = (int)(width * cut), cutH = (int)(height * cut);
        int cx = rng.NextInt(width), cy = rng.NextInt(height);
        int x0 = Math.Clamp(cx - cutW / 2, 0, width), x1 = Math.Clamp(cx + cutW / 2, 0, width);
        int y0 = Math.Clamp(cy - cutH / 2, 0, height), y1 = Math.Clamp(cy + cutH / 2, 0, height);
        return (y0, x0, y1 - y0, x1 - x0);
    }
}
