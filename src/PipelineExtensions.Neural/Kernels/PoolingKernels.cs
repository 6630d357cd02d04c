using PipelineExtensions.Neural.Devices;

namespace PipelineExtensions.Neural.Kernels;

/// <summary>Max and average pooling over NCHW planes (planes in parallel; each plane's sums in a fixed order).</summary>
internal static class PoolingKernels
{
    public static void MaxForward(PoolingGeometry g, float[] x, float[] y, int threads)
    {
        int inPlane = g.InHeight * g.InWidth, outPlane = g.OutHeight * g.OutWidth;
        CpuParallel.ForRange(threads, g.Planes, Math.Max(1, 4096 / outPlane), (p0, p1) =>
        {
            for (int p = p0; p < p1; p++)
            {
                var src = x.AsSpan(p * inPlane, inPlane);
                var dst = y.AsSpan(p * outPlane, outPlane);
                if (Is2x2(g))
                {
                    MaxPool2x2.Forward(src, dst, g.InWidth, g.OutHeight, g.OutWidth);
                    continue;
                }
                for (int oh = 0; oh < g.OutHeight; oh++)
                    for (int ow = 0; ow < g.OutWidth; ow++)
                        dst[oh * g.OutWidth + ow] = src[ArgMax(g, src, oh, ow)];
            }
        });
    }

    private static bool Is2x2(in PoolingGeometry g) =>
        g.KernelHeight == 2 && g.KernelWidth == 2 && g.StrideHeight == 2 && g.StrideWidth == 2 && g.PadHeight == 0 && g.PadWidth == 0;

    // Index (within the plane) of the first maximal element of the window; NaN counts as maximal (PyTorch).
    private static int ArgMax(in PoolingGeometry g, ReadOnlySpan<float> plane, int oh, int ow)
    {
        int h0 = oh * g.StrideHeight - g.PadHeight, w0 = ow * g.StrideWidth - g.PadWidth;
        int best = -1;
        float bestValue = float.NegativeInfinity;
        for (int i = Math.Max(0, h0); i < Math.Min(g.InHeight, h0 + g.KernelHeight); i++)
        {
            for (int j = Math.Max(0, w0); j < Math.Min(g.InWidth, w0 + g.KernelWidth); j++)
            {
                float v = plane[i * g.InWidth + j];
                if (best < 0 || v > bestValue || float.IsNaN(v))
                {
                    best = i * g.InWidth + j;
                    bestValue = v;
                    if (float.IsNaN(v))
                        return best;
                }
            }
        }
        return best;
    }

    public static void MaxBackward(PoolingGeometry g, float[] x, float[] dy, float[] dx, bool accumulate, int threads)
    {
        int inPlane = g.InHeight * g.InWidth, outPlane = g.OutHeight * g.OutWidth;
        CpuParallel.ForRange(threads, g.Planes, Math.Max(1, 4096 / outPlane), (p0, p1) =>
        {
            for (int p = p0; p < p1; p++)
            {
                var src = x.AsSpan(p * inPlane, inPlane);
                var grad = dy.AsSpan(p * outPlane, outPlane);
                var dst = dx.AsSpan(p * inPlane, inPlane);
                if (Is2x2(g))
                {
                    // Windows tile the input exactly when H and W are even: every input is written, no clearing pass.
                    if (!accumulate && (g.InHeight % 2 != 0 || g.InWidth % 2 != 0))
                        dst.Clear();
                    MaxPool2x2.Backward(src, grad, dst, g.InWidth, g.OutHeight, g.OutWidth, accumulate || g.InHeight % 2 != 0 || g.InWidth % 2 != 0);
                    continue;
                }
                if (!accumulate)
                    dst.Clear();
                for (int oh = 0; oh < g.OutHeight; oh++)
                    for (int ow = 0; ow < g.OutWidth; ow++)
                        dst[ArgMax(g, src, oh, ow)] += grad[oh * g.OutWidth + ow];
            }
        });
    }

    private static int Divisor(in PoolingGeometry g, bool countIncludePad, int oh, int ow)
    {
        int h0 = oh * g.StrideHeight - g.PadHeight, w0 = ow * g.StrideWidth - g.PadWidth;
        if (countIncludePad)
        {
            // PyTorch counts padded positions but not positions beyond the padded input.
            int h1 = Math.Min(h0 + g.KernelHeight, g.InHeight + g.PadHeight), w1 = Math.Min(w0 + g.KernelWidth, g.InWidth + g.PadWidth);
            return (h1 - h0) * (w1 - w0);
        }
        int hs = Math.Max(0, h0), ws = Math.Max(0, w0);
        int he = Math.Min(g.InHeight, h0 + g.KernelHeight), we = Math.Min(g.InWidth, w0 + g.KernelWidth);
        return (he - hs) * (we - ws);
    }

    public static void AvgForward(PoolingGeometry g, bool countIncludePad, float[] x, float[] y, int threads)
    {
        int inPlane = g.InHeight * g.InWidth, outPlane = g.OutHeight * g.OutWidth;
        CpuParallel.ForRange(threads, g.Planes, Math.Max(1, 4096 / outPlane), (p0, p1) =>
        {
            for (int p = p0; p < p1; p++)
            {
                var src = x.AsSpan(p * inPlane, inPlane);
                var dst = y.AsSpan(p * outPlane, outPlane);
                for (int oh = 0; oh < g.OutHeight; oh++)
                {
                    for (int ow = 0; ow < g.OutWidth; ow++)
                    {
                        int h0 = oh * g.StrideHeight - g.PadHeight, w0 = ow * g.StrideWidth - g.PadWidth;
                        float sum = 0f;
                        for (int i = Math.Max(0, h0); i < Math.Min(g.InHeight, h0 + g.KernelHeight); i++)
                            for (int j = Math.Max(0, w0); j < Math.Min(g.InWidth, w0 + g.KernelWidth); j++)
                                sum += src[i * g.InWidth + j];
                        dst[oh * g.OutWidth + ow] = sum / Divisor(g, countIncludePad, oh, ow);
                    }
                }
            }
        });
    }

    public static void AvgBackward(PoolingGeometry g, bool countIncludePad, float[] dy, float[] dx, bool accumulate, int threads)
    {
        int inPlane = g.InHeight * g.InWidth, outPlane = g.OutHeight * g.OutWidth;
        CpuParallel.ForRange(threads, g.Planes, Math.Max(1, 4096 / outPlane), (p0, p1) =>
        {
            for (int p = p0; p < p1; p++)
            {
                var grad = dy.AsSpan(p * outPlane, outPlane);
                var dst = dx.AsSpan(p * inPlane, inPlane);
                if (!accumulate)
                    dst.Clear();
                for (int oh = 0; oh < g.OutHeight; oh++)
                {
                    for (int ow = 0; ow < g.OutWidth; ow++)
                    {
                        int h0 = oh * g.StrideHeight - g.PadHeight, w0 = ow * g.StrideWidth - g.PadWidth;
                        float share = grad[oh * g.OutWidth + ow] / Divisor(g, countIncludePad, oh, ow);
                        for (int i = Math.Max(0, h0); i < Math.Min(g.InHeight, h0 + g.KernelHeight); i++)
                            for (int j = Math.Max(0, w0); j < Math.Min(g.InWidth, w0 + g.KernelWidth); j++)
                                dst[i * g.InWidth + j] += share;
                    }
                }
            }
        });
    }
}
