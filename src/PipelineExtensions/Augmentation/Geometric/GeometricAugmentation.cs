using PipelineExtensions.Randomness;

namespace PipelineExtensions.Augmentation;

/// <summary>
/// A geometric augmentation: it draws one affine map per image (flip, rotation, translation, shear, zoom,
/// crop, resize). A pipeline chains the maps of all its geometric steps and resamples each image once, with the
/// pipeline's <see cref="FillMode"/> and <see cref="Interpolation"/>.
/// </summary>
public abstract class GeometricAugmentation : ImageAugmentation
{
    private protected GeometricAugmentation()
    {
    }

    /// <summary>The output height and width for an input of the given size (most steps keep the size).</summary>
    internal virtual (int Height, int Width) OutputSize(int height, int width) => (height, width);

    /// <summary>
    /// Draws this step's map for one image: output pixel (of an <paramref name="outH"/>×<paramref name="outW"/>
    /// image) → input pixel (of an <paramref name="inH"/>×<paramref name="inW"/> image).
    /// </summary>
    internal abstract Affine2D Sample(SeededRandom rng, int inH, int inW, int outH, int outW);

    /// <summary>The centre of an image of the given size in pixel coordinates (between the middle pixels when even).</summary>
    private protected static (double X, double Y) Centre(int height, int width) => ((width - 1) / 2.0, (height - 1) / 2.0);

    private protected static double Radians(double degrees) => degrees * (Math.PI / 180.0);
}
