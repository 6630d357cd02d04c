using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PipelineExtensions.Augmentation;

/// <summary>Nearest-neighbour warping of 8-bit C×H×W images, without a round trip through floats.</summary>
/// <remarks>
/// Nearest interpolation only copies values, so an 8-bit image can be warped as bytes: the result equals
/// converting to float, warping, and rounding back whenever that round trip is exact (the caller checks). The
/// source offset of each block of eight output pixels is computed once with the float kernel's own helpers (so the
/// same pixel is chosen, ties and fill modes included) and reused for every channel: each channel is one AVX2
/// gather of 32-bit words at byte offsets, whose low bytes are packed into eight output bytes.
/// </remarks>
internal static unsafe partial class AffineResampler
{
    /// <summary>Warps an 8-bit image with nearest interpolation.</summary>
    /// <param name="source">C×srcH×srcW bytes.</param>
    /// <param name="channels">C.</param>
    /// <param name="srcH">Input height.</param>
    /// <param name="srcW">Input width.</param>
    /// <param name="destination">C×dstH×dstW bytes; must not overlap <paramref name="source"/>.</param>
    /// <param name="dstH">Output height.</param>
    /// <param name="dstW">Output width.</param>
    /// <param name="map">Output → input pixel map.</param>
    /// <param name="fillMode">How positions outside the input are read.</param>
    /// <param name="fillValue">The byte written where <see cref="FillMode.Constant"/> reads outside the image.</param>
    /// <param name="allowSimd">False forces the per-pixel path (tests compare both paths).</param>
    public static void WarpNearest(
        ReadOnlySpan<byte> source, int channels, int srcH, int srcW,
        Span<byte> destination, int dstH, int dstW,
        in Affine2D map, FillMode fillMode, byte fillValue, bool allowSimd = true)
    {
        int srcPlane = checked(srcH * srcW), dstPlane = checked(dstH * dstW);
        int total = checked(channels * srcPlane);
        if (source.Length < total)
            throw new ArgumentException($"The source holds {source.Length} values, fewer than {channels}x{srcH}x{srcW}.", nameof(source));
        if (destination.Length < channels * dstPlane)
            throw new ArgumentException($"The destination holds {destination.Length} values, fewer than {channels}x{dstH}x{dstW}.", nameof(destination));
        if (source.Overlaps(destination))
            throw new ArgumentException("The destination overlaps the source; warping needs separate buffers.", nameof(destination));

        var geometry = new Geometry(channels, srcH, srcW, srcPlane, dstW, dstPlane, Interpolation.Nearest, fillMode, fillValue, (float)map.A, (float)map.D);
        // The gathers read four bytes per pixel; images under four bytes take the per-pixel path.
        bool simd = allowSimd && Avx2.IsSupported && Fma.IsSupported && total >= 4;
        fixed (byte* src = source, dst = destination)
        {
            for (int y = 0; y < dstH; y++)
            {
                float baseX = (float)(map.B * y + map.C);
                float baseY = (float)(map.E * y + map.F);
                byte* dstRow = dst + (long)y * dstW;
                if (simd)
                    WarpRowBytesSimd(src, dstRow, baseX, baseY, geometry, fillValue, total);
                else
                    for (int x = 0; x < dstW; x++)
                    {
                        float sx = MathF.FusedMultiplyAdd(geometry.StepX, x, baseX);
                        float sy = MathF.FusedMultiplyAdd(geometry.StepY, x, baseY);
                        WarpPixelBytes(src, dstRow + x, sx, sy, geometry, fillValue);
                    }
            }
        }
    }

    private static void WarpRowBytesSimd(byte* src, byte* dstRow, float baseX, float baseY, in Geometry g, byte fillValue, int total)
    {
        var lane = Vector256.Create(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f);
        var stepX = Vector256.Create(g.StepX);
        var stepY = Vector256.Create(g.StepY);
        var originX = Vector256.Create(baseX);
        var originY = Vector256.Create(baseY);
        var zero = Vector256<float>.Zero;
        var maxX = Vector256.Create((float)(g.SrcW - 1));
        var maxY = Vector256.Create((float)(g.SrcH - 1));
        var width = Vector256.Create(g.SrcW);
        bool clampPositions = g.FillMode == FillMode.Nearest;
        // The fill byte in all four bytes of the word, so it survives the last channel's shift below.
        var fill = Vector256.Create(fillValue * 0x01010101);
        int last = g.Channels - 1;
        var lastPlane = Vector256.Create(last * g.SrcPlane);
        var lastSafe = Vector256.Create(total - 4);

        for (int x = 0; x < g.DstW; x += 8)
        {
            if (x + 8 > g.DstW && g.DstW >= 8)
                x = g.DstW - 8;
            int count = Math.Min(8, g.DstW - x);
            var xs = lane + Vector256.Create((float)x);
            var sx = Fma.MultiplyAdd(stepX, xs, originX);
            var sy = Fma.MultiplyAdd(stepY, xs, originY);
            byte* dst = dstRow + x;
            if (clampPositions)
            {
                sx = Avx.Min(Avx.Max(sx, zero), maxX);
                sy = Avx.Min(Avx.Max(sy, zero), maxY);
            }
            Vector256<int> index = default;
            Vector256<int> valid = Vector256<int>.AllBitsSet;
            bool all = count == 8 && NearestInside(sx, sy, maxX, maxY, width, out index);
            if (!all)
            {
                (index, var validFloat) = NearestFolded(sx, sy, g);
                valid = validFloat.AsInt32();
            }

            for (int c = 0; c < last; c++)
            {
                // Reads bytes index..index+3 of plane c: still inside the image, as planes c+1.. follow.
                int* plane = (int*)(src + (long)c * g.SrcPlane);
                var words = all ? Avx2.GatherVector256(plane, index, 1) : Avx2.GatherMaskVector256(fill, plane, index, valid.AsInt32(), 1);
                StoreLowBytes(dst + (long)c * g.DstPlane, words, count);
            }
            {
                // The last plane's final three bytes have no three bytes after them: read the word that ends at the
                // byte instead and shift it down.
                var offset = Avx2.Add(index, lastPlane);
                var tail = Avx2.CompareGreaterThan(offset, lastSafe);
                offset = Avx2.Add(offset, Avx2.And(tail, Vector256.Create(-3)));
                var shift = Avx2.And(tail, Vector256.Create(24)).AsUInt32();
                var words = all ? Avx2.GatherVector256((int*)src, offset, 1) : Avx2.GatherMaskVector256(fill, (int*)src, offset, valid, 1);
                StoreLowBytes(dst + (long)last * g.DstPlane, Avx2.ShiftRightLogicalVariable(words.AsUInt32(), shift).AsInt32(), count);
            }
        }
    }

    /// <summary>Writes the low byte of each of the first <paramref name="count"/> lanes to consecutive bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreLowBytes(byte* destination, Vector256<int> words, int count)
    {
        // Bytes 0, 4, 8, 12 of each 128-bit half into its first dword, then the two dwords side by side.
        var pick = Vector256.Create(
            (byte)0, 4, 8, 12, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
            0, 4, 8, 12, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128);
        var packed = Avx2.PermuteVar8x32(Avx2.Shuffle(words.AsByte(), pick).AsInt32(), Vector256.Create(0, 4, 0, 0, 0, 0, 0, 0));
        ulong bytes = packed.AsUInt64().ToScalar();
        if (count == 8)
            Unsafe.WriteUnaligned(destination, bytes);
        else
            for (int i = 0; i < count; i++, bytes >>= 8)
                destination[i] = (byte)bytes;
    }

    /// <summary>One output pixel (all channels) of the byte kernel, as <see cref="WarpPixel"/> picks it.</summary>
    private static void WarpPixelBytes(byte* src, byte* dst, float sx, float sy, in Geometry g, byte fillValue)
    {
        if (g.FillMode == FillMode.Nearest)
        {
            sx = Math.Clamp(sx, 0f, g.SrcW - 1);
            sy = Math.Clamp(sy, 0f, g.SrcH - 1);
        }
        int offset = Offset(ToIndex(MathF.Round(sx)), ToIndex(MathF.Round(sy)), g);
        for (int c = 0; c < g.Channels; c++)
            dst[(long)c * g.DstPlane] = offset < 0 ? fillValue : src[(long)c * g.SrcPlane + offset];
    }
}
