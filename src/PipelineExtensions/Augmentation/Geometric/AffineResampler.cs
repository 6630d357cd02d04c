using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PipelineExtensions.Augmentation;

/// <summary>
/// Resamples a C×H×W float image through an <see cref="Affine2D"/> (output → input) into a C×H'×W' image,
/// with nearest or bilinear interpolation and Keras' fill modes.
/// </summary>
/// <remarks>
/// The source position of consecutive output pixels in a row is linear in x, so eight of them are computed
/// at once (one FMA per axis). A block of eight whose neighbours all lie inside the image takes the AVX2
/// gather path; blocks that touch the border take the per-pixel path, which applies the fill mode to each
/// neighbour index (Keras 3's <c>map_coordinates</c> semantics). Both paths compute positions and blends
/// with the same fused operations, so a pixel's value does not depend on which path produced it.
/// </remarks>
internal static unsafe class AffineResampler
{
    // Positions are clamped to this range before integer conversion; anything beyond is far outside any image.
    private const float CoordinateLimit = 1 << 24;

    /// <summary>Warps <paramref name="source"/> into <paramref name="destination"/>.</summary>
    /// <param name="source">C×srcH×srcW values.</param>
    /// <param name="channels">C.</param>
    /// <param name="srcH">Input height.</param>
    /// <param name="srcW">Input width.</param>
    /// <param name="destination">C×dstH×dstW values; must not overlap <paramref name="source"/>.</param>
    /// <param name="dstH">Output height.</param>
    /// <param name="dstW">Output width.</param>
    /// <param name="map">Output → input pixel map.</param>
    /// <param name="interpolation">Nearest or bilinear.</param>
    /// <param name="fillMode">How positions outside the input are read.</param>
    /// <param name="fillValue">The value of <see cref="FillMode.Constant"/>.</param>
    /// <param name="allowSimd">False forces the per-pixel path (tests compare both paths).</param>
    public static void Warp(
        ReadOnlySpan<float> source, int channels, int srcH, int srcW,
        Span<float> destination, int dstH, int dstW,
        in Affine2D map, Interpolation interpolation, FillMode fillMode, float fillValue, bool allowSimd = true)
    {
        int srcPlane = checked(srcH * srcW), dstPlane = checked(dstH * dstW);
        if (source.Length < channels * srcPlane)
            throw new ArgumentException($"The source holds {source.Length} values, fewer than {channels}x{srcH}x{srcW}.", nameof(source));
        if (destination.Length < channels * dstPlane)
            throw new ArgumentException($"The destination holds {destination.Length} values, fewer than {channels}x{dstH}x{dstW}.", nameof(destination));
        if (source.Overlaps(destination))
            throw new ArgumentException("The destination overlaps the source; warping needs separate buffers.", nameof(destination));

        var geometry = new Geometry(channels, srcH, srcW, srcPlane, dstW, dstPlane, interpolation, fillMode, fillValue, (float)map.A, (float)map.D);
        bool simd = allowSimd && Avx2.IsSupported && Fma.IsSupported && dstW >= Vector256<float>.Count;
        fixed (float* src = source, dst = destination)
        {
            for (int y = 0; y < dstH; y++)
            {
                // Row origins in double, so long rows do not accumulate the row step's rounding.
                float baseX = (float)(map.B * y + map.C);
                float baseY = (float)(map.E * y + map.F);
                float* dstRow = dst + (long)y * dstW;
                int x = 0;
                if (simd)
                    x = WarpRowSimd(src, dstRow, baseX, baseY, geometry);
                for (; x < dstW; x++)
                {
                    float sx = MathF.FusedMultiplyAdd(geometry.StepX, x, baseX);
                    float sy = MathF.FusedMultiplyAdd(geometry.StepY, x, baseY);
                    WarpPixel(src, dstRow + x, sx, sy, geometry);
                }
            }
        }
    }

    /// <summary>Everything the per-row loops need, in one struct passed by reference.</summary>
    private readonly struct Geometry(
        int channels, int srcH, int srcW, int srcPlane, int dstW, int dstPlane,
        Interpolation interpolation, FillMode fillMode, float fillValue, float stepX, float stepY)
    {
        public readonly int Channels = channels, SrcH = srcH, SrcW = srcW, SrcPlane = srcPlane, DstW = dstW, DstPlane = dstPlane;
        public readonly Interpolation Interpolation = interpolation;
        public readonly FillMode FillMode = fillMode;
        public readonly float FillValue = fillValue, StepX = stepX, StepY = stepY;
    }

    /// <summary>Processes whole blocks of eight output pixels; returns the first x it did not process.</summary>
    private static int WarpRowSimd(float* src, float* dstRow, float baseX, float baseY, in Geometry g)
    {
        var lane = Vector256.Create(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f);
        var stepX = Vector256.Create(g.StepX);
        var stepY = Vector256.Create(g.StepY);
        var originX = Vector256.Create(baseX);
        var originY = Vector256.Create(baseY);
        var zero = Vector256<float>.Zero;
        var maxX = Vector256.Create((float)(g.SrcW - 1));
        var maxY = Vector256.Create((float)(g.SrcH - 1));
        var maxXi = Vector256.Create(g.SrcW - 1);
        var maxYi = Vector256.Create(g.SrcH - 1);
        var width = Vector256.Create(g.SrcW);
        var one = Vector256.Create(1);
        // Keras' 'nearest' fill clamps every neighbour index, which equals clamping the position first.
        bool clampPositions = g.FillMode == FillMode.Nearest;
        bool nearest = g.Interpolation == Interpolation.Nearest;

        int x = 0;
        for (; x <= g.DstW - 8; x += 8)
        {
            var xs = lane + Vector256.Create((float)x);
            var sx = Fma.MultiplyAdd(stepX, xs, originX);
            var sy = Fma.MultiplyAdd(stepY, xs, originY);
            float* dst = dstRow + x;
            if (clampPositions)
            {
                sx = Avx.Min(Avx.Max(sx, zero), maxX);
                sy = Avx.Min(Avx.Max(sy, zero), maxY);
            }
            if (nearest)
            {
                var rx = Avx.RoundToNearestInteger(sx);
                var ry = Avx.RoundToNearestInteger(sy);
                if (!AllInside(rx, ry, maxX, maxY))
                {
                    WarpBlockScalar(src, dst, sx, sy, g);
                    continue;
                }
                var index = Avx2.Add(Avx2.MultiplyLow(Avx.ConvertToVector256Int32WithTruncation(ry), width), Avx.ConvertToVector256Int32WithTruncation(rx));
                for (int c = 0; c < g.Channels; c++)
                    Avx2.GatherVector256(src + (long)c * g.SrcPlane, index, 4).Store(dst + (long)c * g.DstPlane);
            }
            else
            {
                if (!AllInside(sx, sy, maxX, maxY))
                {
                    WarpBlockScalar(src, dst, sx, sy, g);
                    continue;
                }
                var fx = Avx.Floor(sx);
                var fy = Avx.Floor(sy);
                var wx = sx - fx;
                var wy = sy - fy;
                var x0 = Avx.ConvertToVector256Int32WithTruncation(fx);
                var y0 = Avx.ConvertToVector256Int32WithTruncation(fy);
                // At the last row/column the weight of the next one is exactly 0; clamping keeps the read in bounds.
                var x1 = Avx2.Min(Avx2.Add(x0, one), maxXi);
                var y1 = Avx2.Min(Avx2.Add(y0, one), maxYi);
                var row0 = Avx2.MultiplyLow(y0, width);
                var row1 = Avx2.MultiplyLow(y1, width);
                var i00 = Avx2.Add(row0, x0);
                var i01 = Avx2.Add(row0, x1);
                var i10 = Avx2.Add(row1, x0);
                var i11 = Avx2.Add(row1, x1);
                for (int c = 0; c < g.Channels; c++)
                {
                    float* plane = src + (long)c * g.SrcPlane;
                    var v00 = Avx2.GatherVector256(plane, i00, 4);
                    var v01 = Avx2.GatherVector256(plane, i01, 4);
                    var v10 = Avx2.GatherVector256(plane, i10, 4);
                    var v11 = Avx2.GatherVector256(plane, i11, 4);
                    var top = Fma.MultiplyAdd(wx, v01 - v00, v00);
                    var bottom = Fma.MultiplyAdd(wx, v11 - v10, v10);
                    Fma.MultiplyAdd(wy, bottom - top, top).Store(dst + (long)c * g.DstPlane);
                }
            }
        }
        return x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool AllInside(Vector256<float> px, Vector256<float> py, Vector256<float> maxX, Vector256<float> maxY)
    {
        var zero = Vector256<float>.Zero;
        var inside = Avx.And(
            Avx.And(Avx.CompareGreaterThanOrEqual(px, zero), Avx.CompareLessThanOrEqual(px, maxX)),
            Avx.And(Avx.CompareGreaterThanOrEqual(py, zero), Avx.CompareLessThanOrEqual(py, maxY)));
        return Avx.MoveMask(inside) == 0xFF;
    }

    private static void WarpBlockScalar(float* src, float* dst, Vector256<float> sx, Vector256<float> sy, in Geometry g)
    {
        for (int i = 0; i < 8; i++)
            WarpPixel(src, dst + i, sx.GetElement(i), sy.GetElement(i), g);
    }

    /// <summary>One output pixel (all channels) at source position (sx, sy), applying the fill mode per neighbour.</summary>
    private static void WarpPixel(float* src, float* dst, float sx, float sy, in Geometry g)
    {
        if (g.FillMode == FillMode.Nearest)
        {
            sx = Math.Clamp(sx, 0f, g.SrcW - 1);
            sy = Math.Clamp(sy, 0f, g.SrcH - 1);
        }
        if (g.Interpolation == Interpolation.Nearest)
        {
            int offset = Offset(ToIndex(MathF.Round(sx)), ToIndex(MathF.Round(sy)), g);
            for (int c = 0; c < g.Channels; c++)
                dst[(long)c * g.DstPlane] = offset < 0 ? g.FillValue : src[(long)c * g.SrcPlane + offset];
            return;
        }
        float fx = MathF.Floor(sx), fy = MathF.Floor(sy);
        float wx = sx - fx, wy = sy - fy;
        int x0 = ToIndex(fx), y0 = ToIndex(fy);
        int o00 = Offset(x0, y0, g), o01 = Offset(x0 + 1, y0, g);
        int o10 = Offset(x0, y0 + 1, g), o11 = Offset(x0 + 1, y0 + 1, g);
        for (int c = 0; c < g.Channels; c++)
        {
            float* plane = src + (long)c * g.SrcPlane;
            float v00 = o00 < 0 ? g.FillValue : plane[o00];
            float v01 = o01 < 0 ? g.FillValue : plane[o01];
            float v10 = o10 < 0 ? g.FillValue : plane[o10];
            float v11 = o11 < 0 ? g.FillValue : plane[o11];
            float top = MathF.FusedMultiplyAdd(wx, v01 - v00, v00);
            float bottom = MathF.FusedMultiplyAdd(wx, v11 - v10, v10);
            dst[(long)c * g.DstPlane] = MathF.FusedMultiplyAdd(wy, bottom - top, top);
        }
    }

    private static int ToIndex(float position) => (int)Math.Clamp(position, -CoordinateLimit, CoordinateLimit);

    /// <summary>The plane offset of pixel (x, y) after the fill mode, or −1 for the constant fill value.</summary>
    private static int Offset(int x, int y, in Geometry g)
    {
        if (g.FillMode == FillMode.Constant)
            return (uint)x < (uint)g.SrcW && (uint)y < (uint)g.SrcH ? y * g.SrcW + x : -1;
        return MapIndex(y, g.SrcH, g.FillMode) * g.SrcW + MapIndex(x, g.SrcW, g.FillMode);
    }

    /// <summary>Maps an index outside [0, size) back inside by the fill mode (Keras 3's index fixers).</summary>
    internal static int MapIndex(int index, int size, FillMode mode)
    {
        if ((uint)index < (uint)size)
            return index;
        switch (mode)
        {
            case FillMode.Nearest:
                return index < 0 ? 0 : size - 1;
            case FillMode.Wrap:
                int wrapped = index % size;
                return wrapped < 0 ? wrapped + size : wrapped;
            case FillMode.Reflect:
                // Period 2·size: a b c d | d c b a | a b c d ...
                int period = 2 * size;
                int r = index % period;
                if (r < 0)
                    r += period;
                return r < size ? r : period - 1 - r;
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "Constant fill has no index mapping.");
        }
    }
}
