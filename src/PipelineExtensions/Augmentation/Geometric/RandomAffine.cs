using PipelineExtensions.Options;
using System.Globalization;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Augmentation;

/// <summary>
/// Options of <see cref="RandomAffine"/>, with torchvision's <c>RandomAffine</c> semantics. Defaults are the
/// identity; set only what you need.
/// </summary>
public sealed class RandomAffineOptions
{
    /// <summary>Rotation angle range in degrees is [−Degrees, Degrees]; in [0, 180]. Default 0.</summary>
    public double Degrees { get; set; }

    /// <summary>Maximum horizontal shift as a fraction of the width, in [0, 1]; shifts are rounded to whole pixels as torchvision does. Default 0.</summary>
    public double TranslateX { get; set; }

    /// <summary>Maximum vertical shift as a fraction of the height, in [0, 1]. Default 0.</summary>
    public double TranslateY { get; set; }

    /// <summary>Lowest scale (content size factor; above 1 enlarges), in (0, 10]. Default 1.</summary>
    public double ScaleMin { get; set; } = 1;

    /// <summary>Highest scale, at least <see cref="ScaleMin"/>. Default 1.</summary>
    public double ScaleMax { get; set; } = 1;

    /// <summary>x-shear angle range in degrees is [−ShearX, ShearX]; in [0, 80]. Default 0.</summary>
    public double ShearX { get; set; }

    /// <summary>y-shear angle range in degrees is [−ShearY, ShearY]; in [0, 80]. Default 0.</summary>
    public double ShearY { get; set; }
}

/// <summary>
/// torchvision's <c>RandomAffine(degrees, translate, scale, shear)</c> as one step: the same parameter draws
/// (angle, whole-pixel shift, scale, shear) and the same matrix (<c>_get_inverse_affine_matrix</c> about the image
/// centre), so a model or recipe ported from PyTorch sees the same geometry. Prefer the Keras-style single steps
/// (<see cref="RandomRotation"/>, <see cref="RandomZoom"/>...) when writing a new recipe; both compose into one resample.
/// </summary>
public sealed class RandomAffine : GeometricAugmentation
{
    /// <summary>Creates the augmentation; options are validated and copied.</summary>
    public RandomAffine(RandomAffineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Degrees = Check.InRange(options.Degrees, 0, 180, nameof(options.Degrees));
        TranslateX = Check.InRange(options.TranslateX, 0, 1, nameof(options.TranslateX));
        TranslateY = Check.InRange(options.TranslateY, 0, 1, nameof(options.TranslateY));
        Check.Positive(options.ScaleMin, nameof(options.ScaleMin));
        AugmentationChecks.Range(options.ScaleMin, options.ScaleMax, 1e-6, 10, nameof(options.ScaleMin), nameof(options.ScaleMax));
        ScaleMin = options.ScaleMin;
        ScaleMax = options.ScaleMax;
        ShearX = Check.InRange(options.ShearX, 0, 80, nameof(options.ShearX));
        ShearY = Check.InRange(options.ShearY, 0, 80, nameof(options.ShearY));
    }

    /// <summary>Rotation range half-width in degrees.</summary>
    public double Degrees { get; }

    /// <summary>Maximum horizontal shift (fraction of the width).</summary>
    public double TranslateX { get; }

    /// <summary>Maximum vertical shift (fraction of the height).</summary>
    public double TranslateY { get; }

    /// <summary>Lowest scale.</summary>
    public double ScaleMin { get; }

    /// <summary>Highest scale.</summary>
    public double ScaleMax { get; }

    /// <summary>x-shear range half-width in degrees.</summary>
    public double ShearX { get; }

    /// <summary>y-shear range half-width in degrees.</summary>
    public double ShearY { get; }

    /// <inheritdoc />
    public override string Name => nameof(RandomAffine);

    private protected override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"degrees={Degrees}, translate=({TranslateX}, {TranslateY}), scale=[{ScaleMin}, {ScaleMax}], shear=({ShearX}, {ShearY})");

    internal override Affine2D Sample(SeededRandom rng, int inH, int inW, int outH, int outW)
    {
        // Draw order of torchvision's RandomAffine.get_params: angle, translation, scale, shear x, shear y.
        double angle = AugmentationChecks.Uniform(rng, -Degrees, Degrees);
        double tx = Math.Round(AugmentationChecks.Uniform(rng, -TranslateX * inW, TranslateX * inW), MidpointRounding.ToEven);
        double ty = Math.Round(AugmentationChecks.Uniform(rng, -TranslateY * inH, TranslateY * inH), MidpointRounding.ToEven);
        double scale = AugmentationChecks.Uniform(rng, ScaleMin, ScaleMax);
        double shearX = AugmentationChecks.Uniform(rng, -ShearX, ShearX);
        double shearY = AugmentationChecks.Uniform(rng, -ShearY, ShearY);
        return TorchvisionMatrix(angle, tx, ty, scale, shearX, shearY, inH, inW);
    }

    /// <summary>
    /// torchvision's <c>_get_inverse_affine_matrix</c> (PIL path) in our pixel coordinates: PIL's centre
    /// (W/2, H/2) in corner coordinates is ((W−1)/2, (H−1)/2) with pixel centres at integers.
    /// </summary>
    internal static Affine2D TorchvisionMatrix(double angle, double tx, double ty, double scale, double shearX, double shearY, int height, int width)
    {
        double rot = Radians(angle), sx = Radians(shearX), sy = Radians(shearY);
        var (cx, cy) = Centre(height, width);
        double a = Math.Cos(rot - sy) / Math.Cos(sy);
        double b = -Math.Cos(rot - sy) * Math.Tan(sx) / Math.Cos(sy) - Math.Sin(rot);
        double c = Math.Sin(rot - sy) / Math.Cos(sy);
        double d = -Math.Sin(rot - sy) * Math.Tan(sx) / Math.Cos(sy) + Math.Cos(rot);
        // Inverse of the rotation–scale–shear part (its determinant is 1 before scaling).
        double m0 = d / scale, m1 = -b / scale, m3 = -c / scale, m4 = a / scale;
        double m2 = m0 * (-cx - tx) + m1 * (-cy - ty) + cx;
        double m5 = m3 * (-cx - tx) + m4 * (-cy - ty) + cy;
        return new Affine2D(m0, m1, m2, m3, m4, m5).Snapped();
    }
}
