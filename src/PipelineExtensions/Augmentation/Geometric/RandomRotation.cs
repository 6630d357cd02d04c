using System.Globalization;
using PipelineExtensions.Options;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Augmentation;

/// <summary>Options of <see cref="RandomRotation"/>.</summary>
public sealed class RandomRotationOptions
{
    /// <summary>Smallest angle in degrees, in [−360, 360]; positive turns counter-clockwise. Default −10.</summary>
    public double MinDegrees { get; set; } = -10;

    /// <summary>Largest angle in degrees, in [−360, 360], at least <see cref="MinDegrees"/>. Default 10.</summary>
    public double MaxDegrees { get; set; } = 10;
}

/// <summary>
/// Rotates each image about its centre by an angle drawn uniformly from [MinDegrees, MaxDegrees]; positive angles
/// turn the content counter-clockwise on screen (Keras' <c>RandomRotation</c>, with the range given in degrees
/// instead of fractions of a full turn).
/// </summary>
public sealed class RandomRotation : GeometricAugmentation
{
    /// <summary>Creates the augmentation; options are validated and copied.</summary>
    public RandomRotation(RandomRotationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        AugmentationChecks.Range(options.MinDegrees, options.MaxDegrees, -360, 360, nameof(options.MinDegrees), nameof(options.MaxDegrees));
        MinDegrees = options.MinDegrees;
        MaxDegrees = options.MaxDegrees;
    }

    /// <summary>Smallest angle in degrees.</summary>
    public double MinDegrees { get; }

    /// <summary>Largest angle in degrees.</summary>
    public double MaxDegrees { get; }

    /// <inheritdoc />
    public override string Name => nameof(RandomRotation);

    private protected override string Describe() => string.Create(CultureInfo.InvariantCulture, $"degrees=[{MinDegrees}, {MaxDegrees}]");

    internal override Affine2D Sample(SeededRandom rng, int inH, int inW, int outH, int outW) =>
        Rotation(AugmentationChecks.Uniform(rng, MinDegrees, MaxDegrees), inH, inW);

    /// <summary>The map of a counter-clockwise rotation by <paramref name="degrees"/> about the image centre.</summary>
    internal static Affine2D Rotation(double degrees, int height, int width)
    {
        double t = Radians(degrees);
        double cos = Math.Cos(t), sin = Math.Sin(t);
        var (cx, cy) = Centre(height, width);
        // Output → input is the inverse rotation; with y pointing down a counter-clockwise turn reads
        // x_in = cos·x − sin·y, y_in = sin·x + cos·y about the centre (Keras' rotation matrix).
        return Affine2D.AboutCentre(cos, -sin, sin, cos, cx, cy).Snapped();
    }
}
