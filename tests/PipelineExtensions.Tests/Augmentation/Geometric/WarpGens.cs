using CsCheck;
using PipelineExtensions.Augmentation;

namespace PipelineExtensions.Tests.Augmentation.Geometric;

/// <summary>Generators shared by the warp-kernel property tests.</summary>
internal static class WarpGens
{
    /// <summary>
    /// Output-to-source maps: half of them on a grid of <paramref name="gridStep"/> (coefficients and offsets are
    /// multiples of it, which puts sample points exactly on pixel centres, halves and quarters and so hits rounding
    /// ties on purpose), the other half arbitrary rotations, zooms and shears with offsets up to ±30 pixels.
    /// </summary>
    public static Gen<Affine2D> Maps(double gridStep) =>
        Gen.Bool.SelectMany(grid => grid
            ? Gen.Select(Gen.Int[-4, 4], Gen.Int[-4, 4], Gen.Int[-40, 40], Gen.Int[-4, 4], Gen.Int[-4, 4], Gen.Int[-40, 40],
                (a, b, c, d, e, f) => new Affine2D(a * gridStep, b * gridStep, c * gridStep, d * gridStep, e * gridStep, f * gridStep))
            : Gen.Select(Gen.Double[-1.6, 1.6], Gen.Double[-1.6, 1.6], Gen.Double[-30, 30], Gen.Double[-1.6, 1.6], Gen.Double[-1.6, 1.6], Gen.Double[-30, 30],
                (a, b, c, d, e, f) => new Affine2D(a, b, c, d, e, f)));
}
