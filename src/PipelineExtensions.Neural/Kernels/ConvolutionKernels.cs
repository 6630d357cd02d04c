using System.Numerics.Tensors;
using PipelineExtensions.Neural.Devices;

namespace PipelineExtensions.Neural.Kernels;

/// <summary>
/// 2-D convolution on the CPU as unfold (im2col) + GEMM per sample, samples spread over threads. The weight
/// gradient is summed per fixed group of samples (groups depend only on the batch size) and the groups are added
/// in order, so results do not depend on the thread count.
/// </summary>
internal static unsafe class ConvolutionKernels
{
    [ThreadStatic]
    private static float[]? _columns;

    private static float[] Columns(int length)
    {
        if (_columns is null || _columns.Length < length)
            _columns = GC.AllocateUninitializedArray<float>(length, pinned: true);
        return _columns;
    }

    [ThreadStatic]
    private static float[]? _partials;

    private static float[] Partials(int length)
    {
        if (_partials is null || _partials.Length < length)
            _partials = GC.AllocateUninitializedArray<float>(length);
        return _partials;
    }

    private static bool IsPointwise(in ConvolutionGeometry g) =>
        g.KernelHeight == 1 && g.KernelWidth == 1 && g.StrideHeight == 1 && g.StrideWidth == 1 && g.PadHeight == 0 && g.PadWidth == 0;

    public static void Forward(ConvolutionGeometry g, float[] x, float[] w, float[]? bias, float[] y, int threads)
    {
        int spatial = g.OutHeight * g.OutWidth, k = g.PatchSize;
        CpuParallel.For(threads, g.Batch, b =>
        {
            fixed (float* px = x, pw = w, py = y)
            {
                float* yb = py + (long)b * g.OutSampleSize;
                float* src;
                if (IsPointwise(g))
                {
                    src = px + (long)b * g.InSampleSize;
                    Sgemm.Run(false, false, g.OutChannels, spatial, k, 1f, pw, k, src, spatial, 0f, yb, spatial, 1);
                }
                else
                {
                    var cols = Columns(k * spatial);
                    Im2Col(g, x.AsSpan(b * g.InSampleSize, g.InSampleSize), cols);
                    fixed (float* pc = cols)
                        Sgemm.Run(false, false, g.OutChannels, spatial, k, 1f, pw, k, pc, spatial, 0f, yb, spatial, 1);
                }
                if (bias is not null)
                    for (int c = 0; c < g.OutChannels; c++)
                    {
                        var row = new Span<float>(yb + (long)c * spatial, spatial);
                        TensorPrimitives.Add(row, bias[c], row);
                    }
            }
        });
    }

    public static void BackwardData(ConvolutionGeometry g, float[] dy, float[] w, float[] dx, bool accumulate, int threads)
    {
        int spatial = g.OutHeight * g.OutWidth, k = g.PatchSize;
        CpuParallel.For(threads, g.Batch, b =>
        {
            fixed (float* pdy = dy, pw = w, pdx = dx)
            {
                float* gb = pdy + (long)b * g.OutSampleSize;
                if (IsPointwise(g))
                {
                    Sgemm.Run(true, false, k, spatial, g.OutChannels, 1f, pw, k, gb, spatial, accumulate ? 1f : 0f, pdx + (long)b * g.InSampleSize, spatial, 1);
                    return;
                }
                var cols = Columns(k * spatial);
                fixed (float* pc = cols)
                    Sgemm.Run(true, false, k, spatial, g.OutChannels, 1f, pw, k, gb, spatial, 0f, pc, spatial, 1);
                var dxb = dx.AsSpan(b * g.InSampleSize, g.InSampleSize);
                if (!accumulate)
                    dxb.Clear();
                Col2ImAdd(g, cols, dxb);
            }
        });
    }

    public static void BackwardFilter(ConvolutionGeometry g, float[] x, float[] dy, float[] dw, bool accumulate, int threads)
    {
        int spatial = g.OutHeight * g.OutWidth, k = g.PatchSize, wSize = g.OutChannels * k;
        int groups = Math.Min(g.Batch, 16);
        // Reused across calls (per calling thread): one weight-sized partial sum per group of samples.
        var partial = Partials(groups * wSize);
        CpuParallel.For(threads, groups, grp =>
        {
            int start = (int)((long)g.Batch * grp / groups), end = (int)((long)g.Batch * (grp + 1) / groups);
            fixed (float* px = x, pdy = dy, pp = partial)
            {
                float* acc = pp + (long)grp * wSize;
                for (int b = start; b < end; b++)
                {
                    float* gb = pdy + (long)b * g.OutSampleSize;
                    float beta = b == start ? 0f : 1f;
                    if (IsPointwise(g))
                    {
                        Sgemm.Run(false, true, g.OutChannels, k, spatial, 1f, gb, spatial, px + (long)b * g.InSampleSize, spatial, beta, acc, k, 1);
                        continue;
                    }
                    var cols = Columns(k * spatial);
                    Im2Col(g, x.AsSpan(b * g.InSampleSize, g.InSampleSize), cols);
                    fixed (float* pc = cols)
                        Sgemm.Run(false, true, g.OutChannels, k, spatial, 1f, gb, spatial, pc, spatial, beta, acc, k, 1);
                }
            }
        });
        var target = dw.AsSpan(0, wSize);
        if (!accumulate)
            partial.AsSpan(0, wSize).CopyTo(target);
        for (int grp = accumulate ? 0 : 1; grp < groups; grp++)
            TensorPrimitives.Add(target, partial.AsSpan(grp * wSize, wSize), target);
    }

    // Stride 1 with "same" padding: each unfolded row is the input plane shifted by (ki − p, kj − p).
    private static bool IsSameStride1(in ConvolutionGeometry g) =>
        g.StrideHeight == 1 && g.StrideWidth == 1 && g.OutHeight == g.InHeight && g.OutWidth == g.InWidth;

    /// <summary>Unfolds one sample [C, H, W] into columns [C·kH·kW, outH·outW] (zeros where the window leaves the input).</summary>
    public static void Im2Col(in ConvolutionGeometry g, ReadOnlySpan<float> x, Span<float> cols)
    {
        if (IsSameStride1(g))
        {
            Im2ColSame(g, x, cols);
            return;
        }
        int oh = g.OutHeight, ow = g.OutWidth, spatial = oh * ow;
        int row = 0;
        for (int c = 0; c < g.InChannels; c++)
        {
            var plane = x.Slice(c * g.InHeight * g.InWidth, g.InHeight * g.InWidth);
            for (int ki = 0; ki < g.KernelHeight; ki++)
            {
                for (int kj = 0; kj < g.KernelWidth; kj++, row++)
                {
                    var dst = cols.Slice(row * spatial, spatial);
                    // Output columns whose input column iw = o·s − p + kj lies inside [0, W).
                    int lo = Math.Max(0, CeilDiv(g.PadWidth - kj, g.StrideWidth));
                    int hi = Math.Min(ow, CeilDiv(g.InWidth + g.PadWidth - kj, g.StrideWidth));
                    for (int o = 0; o < oh; o++)
                    {
                        int ih = o * g.StrideHeight - g.PadHeight + ki;
                        var d = dst.Slice(o * ow, ow);
                        if (ih < 0 || ih >= g.InHeight || hi <= lo)
                        {
                            d.Clear();
                            continue;
                        }
                        d[..lo].Clear();
                        d[hi..].Clear();
                        var srcRow = plane.Slice(ih * g.InWidth, g.InWidth);
                        if (g.StrideWidth == 1)
                        {
                            srcRow.Slice(lo - g.PadWidth + kj, hi - lo).CopyTo(d[lo..hi]);
                        }
                        else
                        {
                            for (int q = lo; q < hi; q++)
                                d[q] = srcRow[q * g.StrideWidth - g.PadWidth + kj];
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Im2Col for stride 1, output size = input size: row (c, ki, kj) is the plane shifted by
    /// d = (ki − pH)·W + (kj − pW), i.e. one bulk copy, then the rows above/below the image and the columns
    /// that wrapped around a row edge are zeroed.
    /// </summary>
    private static void Im2ColSame(in ConvolutionGeometry g, ReadOnlySpan<float> x, Span<float> cols)
    {
        int h = g.InHeight, w = g.InWidth, plane = h * w;
        int row = 0;
        for (int c = 0; c < g.InChannels; c++)
        {
            var src = x.Slice(c * plane, plane);
            for (int ki = 0; ki < g.KernelHeight; ki++)
            {
                int dh = ki - g.PadHeight;
                for (int kj = 0; kj < g.KernelWidth; kj++, row++)
                {
                    int dw = kj - g.PadWidth, shift = dh * w + dw;
                    var dst = cols.Slice(row * plane, plane);
                    // Output positions whose source index i + shift stays inside the plane.
                    int first = Math.Max(0, -shift), last = Math.Min(plane, plane - shift);
                    dst[..first].Clear();
                    src.Slice(first + shift, last - first).CopyTo(dst[first..last]);
                    dst[last..].Clear();
                    ZeroWrappedColumns(dst, h, w, dw);
                }
            }
        }
    }

    // After a flat shift by dw columns, the |dw| columns at the left (dw < 0) or right (dw > 0) edge of every row
    // took values from the neighbouring row: they are padding.
    private static void ZeroWrappedColumns(Span<float> dst, int h, int w, int dw)
    {
        if (dw == 0)
            return;
        int start = dw > 0 ? w - dw : 0, count = Math.Abs(dw);
        for (int r = 0; r < h; r++)
            dst.Slice(r * w + start, count).Clear();
    }

    /// <summary>Adds columns [C·kH·kW, outH·outW] back onto one sample [C, H, W] (the adjoint of <see cref="Im2Col"/>).</summary>
    /// <remarks>The "same" stride-1 path zeroes the padding entries of <paramref name="cols"/> in place.</remarks>
    public static void Col2ImAdd(in ConvolutionGeometry g, Span<float> cols, Span<float> x)
    {
        if (IsSameStride1(g))
        {
            Col2ImAddSame(g, cols, x);
            return;
        }
        int oh = g.OutHeight, ow = g.OutWidth, spatial = oh * ow;
        int row = 0;
        for (int c = 0; c < g.InChannels; c++)
        {
            var plane = x.Slice(c * g.InHeight * g.InWidth, g.InHeight * g.InWidth);
            for (int ki = 0; ki < g.KernelHeight; ki++)
            {
                for (int kj = 0; kj < g.KernelWidth; kj++, row++)
                {
                    var src = cols.Slice(row * spatial, spatial);
                    int lo = Math.Max(0, CeilDiv(g.PadWidth - kj, g.StrideWidth));
                    int hi = Math.Min(ow, CeilDiv(g.InWidth + g.PadWidth - kj, g.StrideWidth));
                    if (hi <= lo)
                        continue;
                    for (int o = 0; o < oh; o++)
                    {
                        int ih = o * g.StrideHeight - g.PadHeight + ki;
                        if (ih < 0 || ih >= g.InHeight)
                            continue;
                        var s = src.Slice(o * ow, ow);
                        var dstRow = plane.Slice(ih * g.InWidth, g.InWidth);
                        if (g.StrideWidth == 1)
                        {
                            var d = dstRow.Slice(lo - g.PadWidth + kj, hi - lo);
                            TensorPrimitives.Add(d, s[lo..hi], d);
                        }
                        else
                        {
                            for (int q = lo; q < hi; q++)
                                dstRow[q * g.StrideWidth - g.PadWidth + kj] += s[q];
                        }
                    }
                }
            }
        }
    }

    private static void Col2ImAddSame(in ConvolutionGeometry g, Span<float> cols, Span<float> x)
    {
        int h = g.InHeight, w = g.InWidth, plane = h * w;
        int row = 0;
        for (int c = 0; c < g.InChannels; c++)
        {
            var dst = x.Slice(c * plane, plane);
            for (int ki = 0; ki < g.KernelHeight; ki++)
            {
                int dh = ki - g.PadHeight;
                for (int kj = 0; kj < g.KernelWidth; kj++, row++)
                {
                    int dw = kj - g.PadWidth, shift = dh * w + dw;
                    var src = cols.Slice(row * plane, plane);
                    // Entries that correspond to padding must not land on a wrapped neighbour: zero them first.
                    ZeroWrappedColumns(src, h, w, dw);
                    int first = Math.Max(0, -shift), last = Math.Min(plane, plane - shift);
                    var d = dst.Slice(first + shift, last - first);
                    TensorPrimitives.Add(d, src[first..last], d);
                }
            }
        }
    }

    private static int CeilDiv(int a, int b) => a >= 0 ? (a + b - 1) / b : -((-a) / b);
}
