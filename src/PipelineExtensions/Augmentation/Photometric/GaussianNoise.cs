using System.Globalization;
using System.Numerics.Tensors;
using PipelineExtensions.Options;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Augmentation;

/// <summary>Options of <see cref="GaussianNoise"/>.</summary>
public sealed class GaussianNoiseOptions
{
    /// <summary>Standard deviation of the noise in pixel units, non-negative. Default 0.05.</summary>
    public double StdDev { get; set; } = 0.05;

    /// <summary>Clamp the result to [0, MaxPixelValue]. Default false (Keras' <c>GaussianNoise</c> does not clip).</summary>
    public bool Clip { get; set; }
}

/// <summary>
/// Adds independent zero-mean normal noise to every value (Keras' <c>GaussianNoise</c>). Normals come from a
/// vectorised Box–Muller transform of the image's own random stream.
/// </summary>
public sealed class GaussianNoise : PixelAugmentation
{
    /// <summary>Creates the augmentation; options are validated and copied.</summary>
    public GaussianNoise(GaussianNoiseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        StdDev = Check.NonNegative(options.StdDev, nameof(options.StdDev));
        Clip = options.Clip;
    }

    /// <summary>Standard deviation of the noise.</summary>
    public double StdDev { get; }

    /// <summary>Whether results are clamped to the value range.</summary>
    public bool Clip { get; }

    /// <inheritdoc />
    public override string Name => nameof(GaussianNoise);

    private protected override string Describe() => string.Create(CultureInfo.InvariantCulture, $"stddev={StdDev}, clip={Clip}");

    internal override void Apply(Span<float> image, ImageShape shape, SeededRandom rng, AugmentationWorkspace workspace)
    {
        if (StdDev == 0)
            return;
        var values = image[..shape.Size];
        int pairs = (values.Length + 1) / 2;
        var noise = workspace.Scratch(3 * pairs);
        FillStandardNormal(noise, pairs, rng);
        TensorPrimitives.MultiplyAdd(noise[..values.Length], (float)StdDev, values, values);
        if (Clip)
            TensorPrimitives.Clamp(values, 0f, workspace.MaxPixelValue, values);
    }

    /// <summary>
    /// Writes 2·<paramref name="pairs"/> standard normal values to the start of <paramref name="buffer"/>
    /// (length ≥ 3·pairs; the last third is scratch) with the Box–Muller transform.
    /// </summary>
    internal static void FillStandardNormal(Span<float> buffer, int pairs, SeededRandom rng)
    {
        var radius = buffer[..pairs];
        var angle = buffer.Slice(pairs, pairs);
        var cosine = buffer.Slice(2 * pairs, pairs);
        // Two 24-bit uniforms per 64 random bits: u1 in (0, 1] keeps the logarithm finite, u2 in [0, 1).
        for (int i = 0; i < pairs; i++)
        {
            ulong bits = rng.NextUInt64();
            radius[i] = ((bits >> 40) + 1) * (1f / (1 << 24));
            angle[i] = ((bits >> 8) & 0xFFFFFF) * (2f * MathF.PI / (1 << 24));
        }
        TensorPrimitives.Log(radius, radius);
        TensorPrimitives.Multiply(radius, -2f, radius);
        TensorPrimitives.Sqrt(radius, radius);
        TensorPrimitives.Cos(angle, cosine);
        TensorPrimitives.Sin(angle, angle);
        TensorPrimitives.Multiply(angle, radius, angle);   // z1 = r·sin θ
        TensorPrimitives.Multiply(radius, cosine, radius); // z0 = r·cos θ
    }
}
