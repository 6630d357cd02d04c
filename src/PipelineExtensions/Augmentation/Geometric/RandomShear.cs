using System.Globalization;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Augmentation;

/// <summary>Options of <see cref="RandomShear"/>. Angles in degrees, each in [−80, 80].</summary>
public sealed class RandomShearOptions
{
    /// <summary>Lowest shear angle parallel to the x axis, in degrees. Default −10.</summary>
    public double MinDegreesX { get; set; } = -10;

    /// <summary>Highest shear angle parallel to the x axis, in degrees. Default 10.</summary>
    public double MaxDegreesX { get; set; } = 10;

    /// <summary>Lowest shear angle parallel to the y axis, in degrees. Default 0 (no vertical shear).</summary>
    public double MinDegreesY { get; set; }

    /// <summary>Highest shear angle parallel to the y axis, in degrees. Default 0.</summary>
    public double MaxDegreesY { get; set; }
}

/// <summary>
/// Shears each image about its centre by angles drawn uniformly per axis, with torchvision's convention
/// (<c>RandomAffine(shear=...)</c>): the forward map is <c>SHy(φy)·SHx(φx)</c> where a shear of φx moves
/// input (x, y) to (x − tan φx·y, y) relative to the centre.
/// </summary>
public sealed class RandomShear : GeometricAugmentation
{
    /// <summary>Creates the augmentation; options are validated and copied.</summary>
    public RandomShear(RandomShearOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        AugmentationChecks.Range(options.MinDegreesX, options.MaxDegreesX, -80, 80, nameof(options.MinDegreesX), nameof(options.MaxDegreesX));
        AugmentationChecks.Range(options.MinDegreesY, options.MaxDegreesY, -80, 80, nameof(options.MinDegreesY), nameof(options.MaxDegreesY));
        MinDegreesX = options.MinDegreesX;
        MaxDegreesX = options.MaxDegreesX;
        MinDegreesY = options.MinDegreesY;
        MaxDegreesY = options.MaxDegreesY;
    }

    /// <summary>Lowest x shear in degrees.</summary>
    public double MinDegreesX { get; }

    /// <summary>Highest x shear in degrees.</summary>
    public double MaxDegreesX { get; }

    /// <summary>Lowest y shear in degrees.</summary>
    public double MinDegreesY { get; }

    /// <summary>Highest y shear in degrees.</summary>
    public double MaxDegreesY { get; }

    /// <inheritdoc />
    public override string Name => nameof(RandomShear);

    private protected override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"x=[{MinDegreesX}, {MaxDegreesX}], y=[{MinDegreesY}, {MaxDegreesY}]");

    internal override Affine2D Sample(SeededRandom rng, int inH, int inW, int outH, int outW)
    {
        double tx = Math.Tan(Radians(AugmentationChecks.Uniform(rng, MinDegreesX, MaxDegreesX)));
        double ty = Math.Tan(Radians(AugmentationChecks.Uniform(rng, MinDegreesY, MaxDegreesY)));
        var (cx, cy) = Centre(inH, inW);
        // Forward [[1, −tx], [−ty, 1 + tx·ty]] = SHy·SHx; its inverse (output → input) is SHx⁻¹·SHy⁻¹.
        return Affine2D.AboutCentre(1 + tx * ty, tx, ty, 1, cx, cy).Snapped();
    }
}
