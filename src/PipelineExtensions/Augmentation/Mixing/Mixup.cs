using System.Globalization;
using System.Numerics.Tensors;
using PipelineExtensions.Options;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Augmentation;

/// <summary>Options of <see cref="Mixup"/>.</summary>
public sealed class MixupOptions
{
    /// <summary>α of the Beta(α, α) mixing weight, positive. Default 0.2 (the paper's ImageNet setting).</summary>
    public double Alpha { get; set; } = 0.2;

    /// <summary>Chance an image is mixed at all, in [0, 1]. Default 1.</summary>
    public double Probability { get; set; } = 1.0;
}

/// <summary>
/// Mixup (Zhang et al. 2018): image i becomes λ·xᵢ + (1 − λ)·xⱼ and its target λ·yᵢ + (1 − λ)·yⱼ, with
/// λ ~ Beta(α, α) drawn per image and j its partner in the batch (see <see cref="MixingAugmentation"/>).
/// </summary>
public sealed class Mixup : MixingAugmentation
{
    /// <summary>Creates the augmentation; options are validated and copied.</summary>
    public Mixup(MixupOptions options) : base(options?.Probability ?? throw new ArgumentNullException(nameof(options)), nameof(options.Probability))
    {
        Alpha = Check.Positive(options.Alpha, nameof(options.Alpha));
    }

    /// <summary>α of the Beta(α, α) weight.</summary>
    public double Alpha { get; }

    /// <inheritdoc />
    public override string Name => nameof(Mixup);

    private protected override string Describe() => string.Create(CultureInfo.InvariantCulture, $"alpha={Alpha}, p={Probability}");

    internal override float Mix(Span<float> image, ReadOnlySpan<float> partner, ImageShape shape, SeededRandom rng)
    {
        float lambda = (float)BetaDistribution.Sample(rng, Alpha, Alpha);
        var x = image[..shape.Size];
        // λ·x + (1 − λ)·p computed as p + λ·(x − p): exact at λ = 0 and λ = 1.
        TensorPrimitives.Subtract(x, partner[..shape.Size], x);
        TensorPrimitives.MultiplyAdd(x, lambda, partner[..shape.Size], x);
        return lambda;
    }
}
