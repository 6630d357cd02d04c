using PipelineExtensions.Randomness;

namespace PipelineExtensions.Augmentation;

/// <summary>
/// torchvision's draw of a box with a random area fraction (uniform) and aspect ratio (log-uniform), ten tries,
/// at a uniform position — shared by <see cref="RandomResizedCrop"/> and <see cref="RandomErasing"/>.
/// </summary>
internal static class AreaRatioBox
{
    /// <param name="rng">The image's generator.</param>
    /// <param name="height">Image height.</param>
    /// <param name="width">Image width.</param>
    /// <param name="scaleMin">Smallest area fraction.</param>
    /// <param name="scaleMax">Largest area fraction.</param>
    /// <param name="ratioMin">Smallest ratio.</param>
    /// <param name="ratioMax">Largest ratio.</param>
    /// <param name="ratioIsHeightOverWidth">RandomErasing's ratio is height/width; RandomResizedCrop's is width/height.</param>
    /// <param name="mayCoverImage">True: a box may span the whole image (crops); false: it must be strictly smaller (erasing).</param>
    /// <returns>(top, left, height, width), or null when no try fits.</returns>
    public static (int Top, int Left, int Height, int Width)? TryDraw(SeededRandom rng, int height, int width,
        double scaleMin, double scaleMax, double ratioMin, double ratioMax, bool ratioIsHeightOverWidth, bool mayCoverImage)
    {
        double area = (double)height * width;
        double logLow = Math.Log(ratioMin), logHigh = Math.Log(ratioMax);
        for (int attempt = 0; attempt < 10; attempt++)
        {
            double target = area * AugmentationChecks.Uniform(rng, scaleMin, scaleMax);
            double ratio = Math.Exp(AugmentationChecks.Uniform(rng, logLow, logHigh));
            int along = (int)Math.Round(Math.Sqrt(target * ratio), MidpointRounding.ToEven);
            int across = (int)Math.Round(Math.Sqrt(target / ratio), MidpointRounding.ToEven);
            var (h, w) = ratioIsHeightOverWidth ? (along, across) : (across, along);
            bool fits = mayCoverImage ? h > 0 && h <= height && w > 0 && w <= width : h < height && w < width;
            if (fits)
                return (rng.NextInt(height - h + 1), rng.NextInt(width - w + 1), h, w);
        }
        return null;
    }
}
