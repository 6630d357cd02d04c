using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PipelineExtensions.Neural.Kernels;

/// <summary>
/// 2×2, stride-2 max pooling of one plane without data-dependent branches (random activations make every
/// comparison a coin flip for the branch predictor). Eight windows at a time with AVX: the two input rows are
/// split into even and odd columns, the maximum propagates NaN, and the gradient goes to the first maximal input
/// of each window (or its first NaN), PyTorch's rule.
/// </summary>
internal static unsafe class MaxPool2x2
{
    public static void Forward(ReadOnlySpan<float> src, Span<float> dst, int inWidth, int outHeight, int outWidth)
    {
        fixed (float* s = src, d = dst)
        {
            for (int oh = 0; oh < outHeight; oh++)
            {
                float* r0 = s + 2 * oh * inWidth, r1 = r0 + inWidth, o = d + oh * outWidth;
                int ow = 0;
                if (Avx2.IsSupported)
                {
                    for (; ow + 8 <= outWidth; ow += 8)
                    {
                        var (a, b) = Split(r0 + 2 * ow);
                        var (c, e) = Split(r1 + 2 * ow);
                        Avx.Store(o + ow, Vector256.Max(Vector256.Max(a, b), Vector256.Max(c, e)));
                    }
                }
                for (; ow < outWidth; ow++)
                    o[ow] = MathF.Max(MathF.Max(r0[2 * ow], r0[2 * ow + 1]), MathF.Max(r1[2 * ow], r1[2 * ow + 1]));
            }
        }
    }

    /// <summary>Writes (or adds, when <paramref name="add"/>) each output gradient to its window's arg-max; the other three inputs get 0 (or nothing).</summary>
    public static void Backward(ReadOnlySpan<float> src, ReadOnlySpan<float> grad, Span<float> dst, int inWidth, int outHeight, int outWidth, bool add)
    {
        fixed (float* s = src, g = grad, d = dst)
        {
            for (int oh = 0; oh < outHeight; oh++)
            {
                float* r0 = s + 2 * oh * inWidth, r1 = r0 + inWidth, go = g + oh * outWidth;
                float* d0 = d + 2 * oh * inWidth, d1 = d0 + inWidth;
                int ow = 0;
                if (Avx2.IsSupported)
                {
                    for (; ow + 8 <= outWidth; ow += 8)
                    {
                        var (a, b) = Split(r0 + 2 * ow);
                        var (c, e) = Split(r1 + 2 * ow);
                        var m = Vector256.Max(Vector256.Max(a, b), Vector256.Max(c, e));
                        var s0 = Hit(a, m);
                        var s1 = Hit(b, m) & ~s0;
                        var taken = s0 | s1;
                        var s2 = Hit(c, m) & ~taken;
                        var s3 = ~(taken | s2);
                        var gv = Avx.LoadVector256(go + ow);
                        Join(d0 + 2 * ow, gv & s0, gv & s1, add);
                        Join(d1 + 2 * ow, gv & s2, gv & s3, add);
                    }
                }
                for (; ow < outWidth; ow++)
                {
                    float a = r0[2 * ow], b = r0[2 * ow + 1], c = r1[2 * ow], e = r1[2 * ow + 1];
                    float m = MathF.Max(MathF.Max(a, b), MathF.Max(c, e));
                    int h0 = IsHit(a, m), h1 = IsHit(b, m) & ~h0, h2 = IsHit(c, m) & ~(h0 | h1), h3 = ~(h0 | h1 | h2);
                    float gv = go[ow];
                    Put(d0 + 2 * ow, Masked(gv, h0), add);
                    Put(d0 + 2 * ow + 1, Masked(gv, h1), add);
                    Put(d1 + 2 * ow, Masked(gv, h2), add);
                    Put(d1 + 2 * ow + 1, Masked(gv, h3), add);
                }
            }
        }
    }

    // 16 consecutive floats → (even columns, odd columns), each in natural order.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> Even, Vector256<float> Odd) Split(float* p)
    {
        var lo = Avx.LoadVector256(p);
        var hi = Avx.LoadVector256(p + 8);
        var even = Avx.Shuffle(lo, hi, 0b10_00_10_00).AsDouble();
        var odd = Avx.Shuffle(lo, hi, 0b11_01_11_01).AsDouble();
        return (Avx2.Permute4x64(even, 0b11_01_10_00).AsSingle(), Avx2.Permute4x64(odd, 0b11_01_10_00).AsSingle());
    }

    // The inverse of Split: interleave even and odd columns back into 16 floats (stored, or added).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Join(float* p, Vector256<float> even, Vector256<float> odd, bool add)
    {
        var e = Avx2.Permute4x64(even.AsDouble(), 0b11_01_10_00).AsSingle();
        var o = Avx2.Permute4x64(odd.AsDouble(), 0b11_01_10_00).AsSingle();
        var lo = Avx.UnpackLow(e, o);
        var hi = Avx.UnpackHigh(e, o);
        if (add)
        {
            lo += Avx.LoadVector256(p);
            hi += Avx.LoadVector256(p + 8);
        }
        Avx.Store(p, lo);
        Avx.Store(p + 8, hi);
    }

    // All-ones where x is the window maximum or NaN (NaN ≠ NaN, so a NaN maximum is found through x ≠ x).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Hit(Vector256<float> x, Vector256<float> m) =>
        Avx.CompareEqual(x, m) | Avx.CompareNotEqual(x, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int IsHit(float x, float m) => -((x == m ? 1 : 0) | (float.IsNaN(x) ? 1 : 0));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Masked(float v, int mask) => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(v) & mask);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(float* p, float v, bool add) => *p = add ? *p + v : v;
}
