using ILGPU;
using ILGPU.Runtime;

namespace PipelineExtensions.Neural.Devices.Ilgpu.Kernels;

/// <summary>
/// Max and average pooling over NCHW planes: one thread per output value forward; backward gathers, one thread per
/// input value summing the windows that contain it (in output order, as the CPU scatter adds them), so no atomics.
/// Max pooling keeps PyTorch's rules: the first maximum of a window wins and NaN counts as maximal.
/// </summary>
internal static class GpuPooling
{
    // Index within the plane of the first maximal value of window (oh, ow).
    private static int ArgMax(ArrayView<float> x, int planeOffset, PoolingGeometry g, int oh, int ow)
    {
        int h0 = oh * g.StrideHeight - g.PadHeight, w0 = ow * g.StrideWidth - g.PadWidth;
        int best = -1;
        float bestValue = float.NegativeInfinity;
        int h1 = Math.Min(g.InHeight, h0 + g.KernelHeight), w1 = Math.Min(g.InWidth, w0 + g.KernelWidth);
        for (int i = Math.Max(0, h0); i < h1; i++)
        {
            for (int j = Math.Max(0, w0); j < w1; j++)
            {
                float v = x[planeOffset + i * g.InWidth + j];
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

    private static int Divisor(PoolingGeometry g, int countIncludePad, int oh, int ow)
    {
        int h0 = oh * g.StrideHeight - g.PadHeight, w0 = ow * g.StrideWidth - g.PadWidth;
        if (countIncludePad != 0)
        {
            int h1 = Math.Min(h0 + g.KernelHeight, g.InHeight + g.PadHeight), w1 = Math.Min(w0 + g.KernelWidth, g.InWidth + g.PadWidth);
            return (h1 - h0) * (w1 - w0);
        }
        int hs = Math.Max(0, h0), ws = Math.Max(0, w0);
        int he = Math.Min(g.InHeight, h0 + g.KernelHeight), we = Math.Min(g.InWidth, w0 + g.KernelWidth);
        return (he - hs) * (we - ws);
    }

    public static void MaxForward(ArrayView<float> x, ArrayView<float> y, PoolingGeometry g)
    {
        int outPlane = g.OutHeight * g.OutWidth, total = g.Planes * outPlane;
        for (int e = GpuGroup.Start; e < total; e += GpuGroup.Stride)
        {
            int p = e / outPlane, q = e - p * outPlane;
            int planeOffset = p * g.InHeight * g.InWidth;
            y[e] = x[planeOffset + ArgMax(x, planeOffset, g, q / g.OutWidth, q % g.OutWidth)];
        }
    }

    public static void MaxBackward(ArrayView<float> x, ArrayView<float> dy, ArrayView<float> dx, PoolingGeometry g, int accumulate)
    {
        int inPlane = g.InHeight * g.InWidth, outPlane = g.OutHeight * g.OutWidth, total = g.Planes * inPlane;
        for (int e = GpuGroup.Start; e < total; e += GpuGroup.Stride)
        {
            int p = e / inPlane, q = e - p * inPlane;
            int ih = q / g.InWidth, iw = q % g.InWidth;
            int planeOffset = p * inPlane;
            float sum = 0f;
            var w = CoveringWindows(ih, iw, g);
            for (int oh = w.OhLo; oh <= w.OhHi; oh++)
                for (int ow = w.OwLo; ow <= w.OwHi; ow++)
                    if (ArgMax(x, planeOffset, g, oh, ow) == q)
                        sum += dy[p * outPlane + oh * g.OutWidth + ow];
            dx[e] = accumulate != 0 ? dx[e] + sum : sum;
        }
    }

    /// <summary>
    /// Max-pool backward when the windows tile the input exactly (stride = kernel, no padding, no leftover rows or
    /// columns: the usual 2×2 / 2): one thread per window finds its maximum once and writes all of its inputs, where
    /// the general kernel finds each window's maximum again for every input it covers.
    /// </summary>
    public static void MaxBackwardTiled(ArrayView<float> x, ArrayView<float> dy, ArrayView<float> dx, PoolingGeometry g, int accumulate)
    {
        int inPlane = g.InHeight * g.InWidth, outPlane = g.OutHeight * g.OutWidth, total = g.Planes * outPlane;
        for (int e = GpuGroup.Start; e < total; e += GpuGroup.Stride)
        {
            int p = e / outPlane, q = e - p * outPlane;
            int oh = q / g.OutWidth, ow = q - oh * g.OutWidth;
            int planeOffset = p * inPlane;
            int best = ArgMax(x, planeOffset, g, oh, ow);
            float gradient = dy[e];
            for (int i = oh * g.KernelHeight; i < (oh + 1) * g.KernelHeight; i++)
                for (int j = ow * g.KernelWidth; j < (ow + 1) * g.KernelWidth; j++)
                {
                    int at = i * g.InWidth + j;
                    float v = at == best ? gradient : 0f;
                    dx[planeOffset + at] = accumulate != 0 ? dx[planeOffset + at] + v : v;
                }
        }
    }

    /// <summary>True when <see cref="MaxBackwardTiled"/> applies: every input lies in exactly one window.</summary>
    public static bool Tiles(in PoolingGeometry g) =>
        g.StrideHeight == g.KernelHeight && g.StrideWidth == g.KernelWidth && g.PadHeight == 0 && g.PadWidth == 0 &&
        g.OutHeight * g.KernelHeight == g.InHeight && g.OutWidth * g.KernelWidth == g.InWidth;

    public static void AvgForward(ArrayView<float> x, ArrayView<float> y, PoolingGeometry g, int countIncludePad)
    {
        int outPlane = g.OutHeight * g.OutWidth, total = g.Planes * outPlane;
        for (int e = GpuGroup.Start; e < total; e += GpuGroup.Stride)
        {
            int p = e / outPlane, q = e - p * outPlane;
            int oh = q / g.OutWidth, ow = q % g.OutWidth;
            int h0 = oh * g.StrideHeight - g.PadHeight, w0 = ow * g.StrideWidth - g.PadWidth;
            int planeOffset = p * g.InHeight * g.InWidth;
            int h1 = Math.Min(g.InHeight, h0 + g.KernelHeight), w1 = Math.Min(g.InWidth, w0 + g.KernelWidth);
            float sum = 0f;
            for (int i = Math.Max(0, h0); i < h1; i++)
                for (int j = Math.Max(0, w0); j < w1; j++)
                    sum += x[planeOffset + i * g.InWidth + j];
            y[e] = sum / Divisor(g, countIncludePad, oh, ow);
        }
    }

    public static void AvgBackward(ArrayView<float> dy, ArrayView<float> dx, PoolingGeometry g, int countIncludePad, int accumulate)
    {
        int inPlane = g.InHeight * g.InWidth, outPlane = g.OutHeight * g.OutWidth, total = g.Planes * inPlane;
        for (int e = GpuGroup.Start; e < total; e += GpuGroup.Stride)
        {
            int p = e / inPlane, q = e - p * inPlane;
            int ih = q / g.InWidth, iw = q % g.InWidth;
            float sum = 0f;
            var w = CoveringWindows(ih, iw, g);
            for (int oh = w.OhLo; oh <= w.OhHi; oh++)
                for (int ow = w.OwLo; ow <= w.OwHi; ow++)
                    sum += dy[p * outPlane + oh * g.OutWidth + ow] / Divisor(g, countIncludePad, oh, ow);
            dx[e] = accumulate != 0 ? dx[e] + sum : sum;
        }
    }

    /// <summary>The output windows containing input pixel (ih, iw): oh·stride − pad ≤ ih &lt; oh·stride − pad + kernel (inclusive bounds).</summary>
    private static WindowRange CoveringWindows(int ih, int iw, PoolingGeometry g) => new(
        Math.Max(0, CeilDiv(ih + g.PadHeight - g.KernelHeight + 1, g.StrideHeight)),
        Math.Min(g.OutHeight - 1, (ih + g.PadHeight) / g.StrideHeight),
        Math.Max(0, CeilDiv(iw + g.PadWidth - g.KernelWidth + 1, g.StrideWidth)),
        Math.Min(g.OutWidth - 1, (iw + g.PadWidth) / g.StrideWidth));

    private readonly struct WindowRange
    {
        public WindowRange(int ohLo, int ohHi, int owLo, int owHi)
        {
            OhLo = ohLo;
            OhHi = ohHi;
            OwLo = owLo;
            OwHi = owHi;
        }

        public int OhLo { get; }
        public int OhHi { get; }
        public int OwLo { get; }
        public int OwHi { get; }
    }

    private static int CeilDiv(int a, int b) => a >= 0 ? (a + b - 1) / b : -(-a / b);

    /// <summary>The loaded pooling kernels of one accelerator.</summary>
    internal sealed class Set(Accelerator a)
    {
        public readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, PoolingGeometry> MaxForward =
            a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, PoolingGeometry>(GpuPooling.MaxForward);
        public readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, PoolingGeometry, int> MaxBackward =
            a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, PoolingGeometry, int>(GpuPooling.MaxBackward);
        public readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, PoolingGeometry, int> MaxBackwardTiled =
            a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, PoolingGeometry, int>(GpuPooling.MaxBackwardTiled);
        public readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, PoolingGeometry, int> AvgForward =
            a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, PoolingGeometry, int>(GpuPooling.AvgForward);
        public readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, PoolingGeometry, int, int> AvgBackward =
            a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, PoolingGeometry, int, int>(GpuPooling.AvgBackward);
    }
}
