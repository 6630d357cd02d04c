using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>
/// The setup passes of <see cref="QuantizedRows"/> over one contiguous row at a time, eight features per AVX2 step.
/// The rounded values are those of the scalar form (x − μ in float, times the power of two 1/s exactly, rounded to
/// nearest even); the integer sums are exact in any order; the blur and centred sums add exact products in another
/// order than feature order, which the bound tolerates (their rounding is covered by the slack, see the remarks of
/// <see cref="QuantizedRows"/>). <see cref="RowMajor"/> and <see cref="Packed"/> both go through <see cref="Row"/>, so
/// their copies stay equal value for value and norm for norm (<see cref="Repacked"/> relies on it).
/// </summary>
internal sealed partial class QuantizedRows
{
    // Rounds row `x` (d contiguous floats) centred by `mean` into `to` (d shorts; the odd pair's second half is left
    // as it is) and returns its sums.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe RowStats Row(float* x, float* mean, int d, double inverse, short* to)
    {
        var stats = default(RowStats);
        int f = 0;
        if (Avx2.IsSupported && d >= 8)
        {
            var inv = Vector256.Create(inverse);
            Vector256<double> square = default, abs = default, blur = default, centred = default;
            for (; f + 8 <= d; f += 8)
            {
                var v = Avx.Subtract(Avx.LoadVector256(x + f), Avx.LoadVector256(mean + f));
                var lo = Avx.ConvertToVector256Double(v.GetLower());
                var hi = Avx.ConvertToVector256Double(v.GetUpper());
                var ylo = Avx.Multiply(lo, inv);
                var yhi = Avx.Multiply(hi, inv);
                var rlo = Avx.RoundToNearestInteger(ylo);
                var rhi = Avx.RoundToNearestInteger(yhi);
                square = Avx.Add(square, Avx.Add(Avx.Multiply(rlo, rlo), Avx.Multiply(rhi, rhi)));
                abs = Avx.Add(abs, Avx.Add(Abs(rlo), Abs(rhi)));
                blur = Avx.Add(blur, Avx.Add(Abs(Avx.Multiply(rlo, Avx.Subtract(ylo, rlo))), Abs(Avx.Multiply(rhi, Avx.Subtract(yhi, rhi)))));
                centred = Avx.Add(centred, Avx.Add(Avx.Multiply(lo, lo), Avx.Multiply(hi, hi)));
                // r is an integer within ±Limit: the conversions are exact and the packing does not saturate.
                var packed = Sse2.PackSignedSaturate(Avx.ConvertToVector128Int32(rlo), Avx.ConvertToVector128Int32(rhi));
                Sse2.Store(to + f, packed);
            }
            stats = new RowStats(Sum(square), Sum(abs), Sum(blur), Sum(centred));
        }
        for (; f < d; f++)
            to[f] = stats.Add(x[f] - mean[f], inverse);
        return stats;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Abs(Vector256<double> v) => Avx.AndNot(Vector256.Create(-0.0), v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Sum(Vector256<double> v) => (v.GetElement(0) + v.GetElement(1)) + (v.GetElement(2) + v.GetElement(3));

    // The largest |x_f − μ_f| of row `x` (d contiguous floats), or NaN when its centred norm fails ScreenRows.Fits.
    // The norm is summed in another order first; only where that sum is near the limit or not finite is it summed
    // again in feature order, as ScreenRows.Center sums it, so the check decides alike (the orders differ by far less
    // than the factor 2 of margin).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe float RowMaxAbs(float* x, float* mean, int d)
    {
        int f = 0;
        float m = 0;
        double n = 0;
        if (Avx2.IsSupported && d >= 8)
        {
            Vector256<float> max = default;
            Vector256<double> sum = default;
            var sign = Vector256.Create(-0f);
            for (; f + 8 <= d; f += 8)
            {
                var v = Avx.Subtract(Avx.LoadVector256(x + f), Avx.LoadVector256(mean + f));
                max = Avx.Max(max, Avx.AndNot(sign, v));
                var lo = Avx.ConvertToVector256Double(v.GetLower());
                var hi = Avx.ConvertToVector256Double(v.GetUpper());
                sum = Avx.Add(sum, Avx.Add(Avx.Multiply(lo, lo), Avx.Multiply(hi, hi)));
            }
            var m4 = Sse.Max(max.GetLower(), max.GetUpper());
            m = MathF.Max(MathF.Max(m4.GetElement(0), m4.GetElement(1)), MathF.Max(m4.GetElement(2), m4.GetElement(3)));
            n = Sum(sum);
        }
        for (; f < d; f++)
        {
            float v = x[f] - mean[f];
            n += (double)v * v;
            float a = MathF.Abs(v);
            if (a > m)
                m = a;
        }
        if (n <= MaxNormHalf)
            return m;
        // Near the limit, or NaN / infinite somewhere: decide in feature order.
        n = 0;
        for (f = 0; f < d; f++)
        {
            float v = x[f] - mean[f];
            n += (double)v * v;
        }
        return ScreenRows.Fits(n) ? m : float.NaN;
    }

    private const double MaxNormHalf = 5e29;
}
