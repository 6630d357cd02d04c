namespace PipelineExtensions.Augmentation;

/// <summary>
/// Separable resize of float planes with PIL's BILINEAR filter (a triangle whose support widens with the
/// reduction factor, so downscaling averages every source pixel instead of skipping some — anti-aliasing),
/// horizontal pass then vertical pass, as <c>Image.resize</c> does. Used when images are loaded.
/// </summary>
internal static class AntialiasedResize
{
    /// <summary>Per output index: the first source index and the normalised weights of its window.</summary>
    internal sealed class Kernel
    {
        public required int[] Start { get; init; }
        public required int[] Count { get; init; }
        public required float[] Weights { get; init; }
        public required int Stride { get; init; }
    }

    /// <summary>PIL's <c>precompute_coeffs</c> for the triangle filter.</summary>
    public static Kernel Coefficients(int inSize, int outSize)
    {
        double scale = (double)inSize / outSize;
        double filterScale = Math.Max(scale, 1.0);
        double support = 1.0 * filterScale;
        int stride = (int)Math.Ceiling(support) * 2 + 1;
        var start = new int[outSize];
        var count = new int[outSize];
        var weights = new float[outSize * stride];
        var window = new double[stride];
        for (int o = 0; o < outSize; o++)
        {
            double centre = (o + 0.5) * scale;
            int min = Math.Max((int)(centre - support + 0.5), 0);
            int max = Math.Min((int)(centre + support + 0.5), inSize);
            int n = Math.Min(max - min, stride);
            double sum = 0;
            for (int k = 0; k < n; k++)
            {
                double t = Math.Abs((k + min - centre + 0.5) / filterScale);
                window[k] = t < 1 ? 1 - t : 0;
                sum += window[k];
            }
            for (int k = 0; k < n; k++)
                weights[o * stride + k] = (float)(sum != 0 ? window[k] / sum : 0);
            start[o] = min;
            count[o] = n;
        }
        return new Kernel { Start = start, Count = count, Weights = weights, Stride = stride };
    }

    /// <summary>
    /// Resizes one H×W plane into an outH×outW plane; <paramref name="scratch"/> holds H×outW floats.
    /// </summary>
    public static void ResizePlane(ReadOnlySpan<float> source, int height, int width, Span<float> destination, int outH, int outW,
        Kernel horizontal, Kernel vertical, Span<float> scratch)
    {
        var rows = scratch[..(height * outW)];
        for (int y = 0; y < height; y++)
        {
            var sourceRow = source.Slice(y * width, width);
            var target = rows.Slice(y * outW, outW);
            for (int o = 0; o < outW; o++)
            {
                var w = horizontal.Weights.AsSpan(o * horizontal.Stride, horizontal.Count[o]);
                var s = sourceRow.Slice(horizontal.Start[o], w.Length);
                float sum = 0;
                for (int k = 0; k < w.Length; k++)
                    sum += w[k] * s[k];
                target[o] = sum;
            }
        }
        for (int o = 0; o < outH; o++)
        {
            var target = destination.Slice(o * outW, outW);
            target.Clear();
            var w = vertical.Weights.AsSpan(o * vertical.Stride, vertical.Count[o]);
            for (int k = 0; k < w.Length; k++)
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(rows.Slice((vertical.Start[o] + k) * outW, outW), w[k], target, target);
        }
    }
}
