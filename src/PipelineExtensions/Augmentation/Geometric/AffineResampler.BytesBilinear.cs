using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PipelineExtensions.Augmentation;

/// <summary>Bilinear warping of 8-bit 1- to 4-channel images with the float path's exact arithmetic.</summary>
/// <remarks>
/// The float path converts the bytes to floats (· MaxPixelValue/255), blends with three fused multiply-adds and
/// rounds back (· 255/MaxPixelValue, half to even, saturated). This kernel does the same operations in the same
/// order per pixel, so its bytes equal the float path's, but it reads the source once, interleaved into one
/// 32-bit word per pixel: a 64-bit gather then fetches the left and right neighbour with all their channels, and
/// four gathers serve eight output pixels (the float kernel needs four per channel).
/// </remarks>
internal static unsafe partial class AffineResampler
{
    /// <summary>True when <see cref="WarpBilinear"/> can run here for this many channels.</summary>
    public static bool CanWarpBilinearBytes(int channels) => Avx2.IsSupported && Fma.IsSupported && channels is >= 1 and <= 4;

    /// <summary>Warps an 8-bit image with bilinear interpolation, as the float path would after scaling.</summary>
    /// <param name="source">C×srcH×srcW bytes (1 ≤ C ≤ 4).</param>
    /// <param name="channels">C.</param>
    /// <param name="srcH">Input height.</param>
    /// <param name="srcW">Input width.</param>
    /// <param name="destination">C×dstH×dstW bytes; must not overlap <paramref name="source"/>.</param>
    /// <param name="dstH">Output height.</param>
    /// <param name="dstW">Output width.</param>
    /// <param name="map">Output → input pixel map.</param>
    /// <param name="fillMode">How positions outside the input are read.</param>
    /// <param name="fillValue">The constant fill, in the float path's range (before <paramref name="toByte"/>).</param>
    /// <param name="toFloat">Byte → float scale (MaxPixelValue / 255).</param>
    /// <param name="toByte">Float → byte scale (255 / MaxPixelValue).</param>
    /// <param name="scratch">At least 4·srcH·srcW bytes for the interleaved source.</param>
    public static void WarpBilinear(
        ReadOnlySpan<byte> source, int channels, int srcH, int srcW,
        Span<byte> destination, int dstH, int dstW,
        in Affine2D map, FillMode fillMode, float fillValue, float toFloat, float toByte, Span<byte> scratch)
    {
        if (!CanWarpBilinearBytes(channels))
            throw new NotSupportedException($"The 8-bit bilinear kernel needs AVX2 and FMA and 1 to 4 channels; got {channels}.");
        int srcPlane = checked(srcH * srcW), dstPlane = checked(dstH * dstW);
        if (source.Length < channels * srcPlane)
            throw new ArgumentException($"The source holds {source.Length} values, fewer than {channels}x{srcH}x{srcW}.", nameof(source));
        if (destination.Length < channels * dstPlane)
            throw new ArgumentException($"The destination holds {destination.Length} values, fewer than {channels}x{dstH}x{dstW}.", nameof(destination));
        if (scratch.Length < 4L * srcPlane)
            throw new ArgumentException($"The scratch holds {scratch.Length} bytes, fewer than 4x{srcH}x{srcW}.", nameof(scratch));
        if (source.Overlaps(destination) || scratch.Overlaps(destination) || scratch.Overlaps(source))
            throw new ArgumentException("The source, destination and scratch must be separate buffers.", nameof(destination));

        var geometry = new Geometry(channels, srcH, srcW, srcPlane, dstW, dstPlane, Interpolation.Bilinear, fillMode, fillValue, (float)map.A, (float)map.D);
        fixed (byte* src = source, dst = destination, words = scratch)
        {
            Interleave(src, channels, srcPlane, (uint*)words);
            for (int y = 0; y < dstH; y++)
                WarpRowBilinearPacked((uint*)words, dst + (long)y * dstW, (float)(map.B * y + map.C), (float)(map.E * y + map.F), geometry, toFloat, toByte);
        }
    }

    private static void WarpRowBilinearPacked(uint* words, byte* dstRow, float baseX, float baseY, in Geometry g, float toFloat, float toByte)
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
        var one = Vector256.Create(1);
        var scaleIn = Vector256.Create(toFloat);
        var scaleOut = Vector256.Create(toByte);
        bool clampPositions = g.FillMode == FillMode.Nearest;
        long dstPlane = g.DstPlane;

        for (int x = 0; x < g.DstW; x += 8)
        {
            if (x + 8 > g.DstW && g.DstW >= 8)
                x = g.DstW - 8;
            int count = Math.Min(8, g.DstW - x);
            var xs = lane + Vector256.Create((float)x);
            var sx = Fma.MultiplyAdd(stepX, xs, originX);
            var sy = Fma.MultiplyAdd(stepY, xs, originY);
            if (clampPositions)
            {
                sx = Avx.Min(Avx.Max(sx, zero), maxX);
                sy = Avx.Min(Avx.Max(sy, zero), maxY);
            }
            var fx = Avx.Floor(sx);
            var fy = Avx.Floor(sy);
            var wx = sx - fx;
            var wy = sy - fy;
            byte* dst = dstRow + x;
            if (count == 8 && Inside(sx, sy, maxX, maxY) && StrictlyBelow(sx, maxX) && StrictlyBelow(sy, maxY))
            {
                var i00 = Avx2.Add(Avx2.MultiplyLow(Avx.ConvertToVector256Int32WithTruncation(fy), width), Avx.ConvertToVector256Int32WithTruncation(fx));
                var top01 = NeighbourPairs(words, i00, out var top23);
                var bottom01 = NeighbourPairs(words, Avx2.Add(i00, width), out var bottom23);
                for (int c = 0; c < g.Channels; c++)
                {
                    var top = c switch { 0 => top01.GetLower(), 1 => top01.GetUpper(), 2 => top23.GetLower(), _ => top23.GetUpper() };
                    var bottom = c switch { 0 => bottom01.GetLower(), 1 => bottom01.GetUpper(), 2 => bottom23.GetLower(), _ => bottom23.GetUpper() };
                    var v00 = ToFloats(top) * scaleIn;
                    var v01 = ToFloats(Sse2.ShiftRightLogical128BitLane(top, 8)) * scaleIn;
                    var v10 = ToFloats(bottom) * scaleIn;
                    var v11 = ToFloats(Sse2.ShiftRightLogical128BitLane(bottom, 8)) * scaleIn;
                    StoreLowBytes(dst + c * dstPlane, Quantize(Blend(v00, v01, v10, v11, wx, wy), scaleOut), 8);
                }
                continue;
            }

            var x0 = ToIndex(fx);
            var y0 = ToIndex(fy);
            var x1 = Avx2.Add(x0, one);
            var y1 = Avx2.Add(y0, one);
            var (i00b, m00) = Fold(x0, y0, g);
            var (i01b, m01) = Fold(x1, y0, g);
            var (i10b, m10) = Fold(x0, y1, g);
            var (i11b, m11) = Fold(x1, y1, g);
            var w00 = Avx2.GatherMaskVector256(Vector256<int>.Zero, (int*)words, i00b, m00.AsInt32(), 4);
            var w01 = Avx2.GatherMaskVector256(Vector256<int>.Zero, (int*)words, i01b, m01.AsInt32(), 4);
            var w10 = Avx2.GatherMaskVector256(Vector256<int>.Zero, (int*)words, i10b, m10.AsInt32(), 4);
            var w11 = Avx2.GatherMaskVector256(Vector256<int>.Zero, (int*)words, i11b, m11.AsInt32(), 4);
            var fill = Vector256.Create(g.FillValue);
            for (int c = 0; c < g.Channels; c++)
            {
                var v00 = Avx.BlendVariable(fill, Channel(w00, c) * scaleIn, m00);
                var v01 = Avx.BlendVariable(fill, Channel(w01, c) * scaleIn, m01);
                var v10 = Avx.BlendVariable(fill, Channel(w10, c) * scaleIn, m10);
                var v11 = Avx.BlendVariable(fill, Channel(w11, c) * scaleIn, m11);
                StoreLowBytes(dst + c * dstPlane, Quantize(Blend(v00, v01, v10, v11, wx, wy), scaleOut), count);
            }
        }
    }

    /// <summary>
    /// Gathers the pixel pairs (i, i+1) of eight offsets and regroups them: in the result, 128-bit half c holds
    /// channel c's left neighbours of the eight pixels in bytes 0–7 and the right ones in bytes 8–15 (channels 0, 1);
    /// <paramref name="channels23"/> holds channels 2 and 3 the same way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> NeighbourPairs(uint* words, Vector256<int> index, out Vector256<byte> channels23)
    {
        // Per 128-bit half (two pixels a, b, each as left word then right word): dword c = [La Lb Ra Rb] of channel c.
        var group = Vector256.Create(
            (byte)0, 8, 4, 12, 1, 9, 5, 13, 2, 10, 6, 14, 3, 11, 7, 15,
            0, 8, 4, 12, 1, 9, 5, 13, 2, 10, 6, 14, 3, 11, 7, 15);
        // After the unpack and the 64-bit permute a half reads L0 L1 R0 R1 L4 L5 R4 R5 L2 L3 R2 R3 L6 L7 R6 R7.
        var order = Vector256.Create(
            (byte)0, 1, 8, 9, 4, 5, 12, 13, 2, 3, 10, 11, 6, 7, 14, 15,
            0, 1, 8, 9, 4, 5, 12, 13, 2, 3, 10, 11, 6, 7, 14, 15);
        var low = Avx2.Shuffle(Avx2.GatherVector256((long*)words, index.GetLower(), 4).AsByte(), group).AsInt32();
        var high = Avx2.Shuffle(Avx2.GatherVector256((long*)words, index.GetUpper(), 4).AsByte(), group).AsInt32();
        var c01 = Avx2.Permute4x64(Avx2.UnpackLow(low, high).AsInt64(), 0b11_01_10_00).AsByte();
        var c23 = Avx2.Permute4x64(Avx2.UnpackHigh(low, high).AsInt64(), 0b11_01_10_00).AsByte();
        channels23 = Avx2.Shuffle(c23, order);
        return Avx2.Shuffle(c01, order);
    }

    /// <summary>The low eight bytes as eight floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> ToFloats(Vector128<byte> bytes) => Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(bytes));

    /// <summary>Byte <paramref name="c"/> of each of eight words, as floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Channel(Vector256<int> words, int c) =>
        Avx.ConvertToVector256Single(Avx2.And(Vector256.ShiftRightLogical(words, 8 * c), Vector256.Create(0xFF)));

    /// <summary>The float kernel's blend, operation for operation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Blend(Vector256<float> v00, Vector256<float> v01, Vector256<float> v10, Vector256<float> v11, Vector256<float> wx, Vector256<float> wy)
    {
        var top = Fma.MultiplyAdd(wx, v01 - v00, v00);
        var bottom = Fma.MultiplyAdd(wx, v11 - v10, v10);
        return Fma.MultiplyAdd(wy, bottom - top, top);
    }

    /// <summary><see cref="PixelConversion.FloatsToBytes"/> for eight values: scale, round half to even, clamp to 0..255.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Quantize(Vector256<float> values, Vector256<float> scale)
    {
        var rounded = Avx.RoundToNearestInteger(values * scale);
        return Avx.ConvertToVector256Int32WithTruncation(Avx.Min(Avx.Max(rounded, Vector256<float>.Zero), Vector256.Create(255f)));
    }
}
