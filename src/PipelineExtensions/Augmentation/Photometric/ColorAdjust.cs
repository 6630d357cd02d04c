using System.Numerics.Tensors;

namespace PipelineExtensions.Augmentation;

/// <summary>
/// torchvision's colour adjustments (<c>torchvision.transforms.functional_tensor</c> 0.14) on C×H×W float images
/// whose values lie in [0, max]: brightness, contrast, saturation, hue. Results are clamped to [0, max] as there.
/// </summary>
internal static class ColorAdjust
{
    // ITU-R 601 luma weights as torchvision's rgb_to_grayscale uses them.
    private const float LumaR = 0.2989f, LumaG = 0.587f, LumaB = 0.114f;

    /// <summary>clamp(f·x).</summary>
    public static void Brightness(Span<float> image, float factor, float max)
    {
        TensorPrimitives.Multiply(image, factor, image);
        TensorPrimitives.Clamp(image, 0f, max, image);
    }

    /// <summary>clamp(f·x + (1 − f)·m), m the mean grey level of the whole image.</summary>
    public static void Contrast(Span<float> image, ImageShape shape, float factor, float max)
    {
        float mean = MeanGrey(image, shape);
        Blend(image, factor, (1 - factor) * mean, max);
    }

    /// <summary>clamp(f·x + (1 − f)·grey(pixel)) per pixel (three channels).</summary>
    public static void Saturation(Span<float> image, ImageShape shape, float factor, Span<float> greyScratch, float max)
    {
        int plane = shape.Plane;
        var grey = greyScratch[..plane];
        Grey(image, plane, grey);
        TensorPrimitives.Multiply(grey, 1 - factor, grey);
        for (int c = 0; c < 3; c++)
        {
            var channel = image.Slice(c * plane, plane);
            TensorPrimitives.MultiplyAdd(channel, factor, grey, channel);
            TensorPrimitives.Clamp(channel, 0f, max, channel);
        }
    }

    /// <summary>Rotates the hue by <paramref name="shift"/> turns (in [−0.5, 0.5]) through HSV, per pixel (three channels).</summary>
    public static void Hue(Span<float> image, ImageShape shape, float shift, float max)
    {
        int plane = shape.Plane;
        var red = image[..plane];
        var green = image.Slice(plane, plane);
        var blue = image.Slice(2 * plane, plane);
        float scale = 1f / max;
        for (int i = 0; i < plane; i++)
        {
            float r = red[i] * scale, g = green[i] * scale, b = blue[i] * scale;
            var (h, s, v) = RgbToHsv(r, g, b);
            h = Fmod(h + shift, 1f);
            if (h < 0)
                h += 1f; // Python's % is non-negative; fmod keeps the sign
            (r, g, b) = HsvToRgb(h, s, v);
            red[i] = r * max;
            green[i] = g * max;
            blue[i] = b * max;
        }
    }

    /// <summary>The mean grey level of an image (the channel itself for one channel).</summary>
    public static float MeanGrey(ReadOnlySpan<float> image, ImageShape shape)
    {
        int plane = shape.Plane;
        if (shape.Channels == 1)
            return TensorPrimitives.Sum(image[..plane]) / plane;
        double sum = LumaR * (double)TensorPrimitives.Sum(image[..plane])
            + LumaG * (double)TensorPrimitives.Sum(image.Slice(plane, plane))
            + LumaB * (double)TensorPrimitives.Sum(image.Slice(2 * plane, plane));
        return (float)(sum / plane);
    }

    private static void Grey(ReadOnlySpan<float> image, int plane, Span<float> grey)
    {
        TensorPrimitives.Multiply(image[..plane], LumaR, grey);
        TensorPrimitives.MultiplyAdd(image.Slice(plane, plane), LumaG, grey, grey);
        TensorPrimitives.MultiplyAdd(image.Slice(2 * plane, plane), LumaB, grey, grey);
    }

    private static void Blend(Span<float> image, float factor, float offset, float max)
    {
        TensorPrimitives.Multiply(image, factor, image);
        TensorPrimitives.Add(image, offset, image);
        TensorPrimitives.Clamp(image, 0f, max, image);
    }

    /// <summary>torchvision's _rgb2hsv for one pixel in [0, 1].</summary>
    private static (float H, float S, float V) RgbToHsv(float r, float g, float b)
    {
        float maxc = MathF.Max(r, MathF.Max(g, b));
        float minc = MathF.Min(r, MathF.Min(g, b));
        bool equal = maxc == minc;
        float cr = maxc - minc;
        float s = cr / (equal ? 1f : maxc);
        float divisor = equal ? 1f : cr;
        float rc = (maxc - r) / divisor, gc = (maxc - g) / divisor, bc = (maxc - b) / divisor;
        float h = maxc == r ? bc - gc : maxc == g ? 2f + rc - bc : 4f + gc - rc;
        h = Fmod(h / 6f + 1f, 1f);
        return (h, s, maxc);
    }

    /// <summary>torchvision's _hsv2rgb for one pixel.</summary>
    private static (float R, float G, float B) HsvToRgb(float h, float s, float v)
    {
        float i = MathF.Floor(h * 6f);
        float f = h * 6f - i;
        float p = Math.Clamp(v * (1f - s), 0f, 1f);
        float q = Math.Clamp(v * (1f - s * f), 0f, 1f);
        float t = Math.Clamp(v * (1f - s * (1f - f)), 0f, 1f);
        int sector = ((int)i % 6 + 6) % 6;
        return sector switch
        {
            0 => (v, t, p),
            1 => (q, v, p),
            2 => (p, v, t),
            3 => (p, q, v),
            4 => (t, p, v),
            _ => (v, p, q),
        };
    }

    private static float Fmod(float x, float y) => x - y * MathF.Truncate(x / y);
}
