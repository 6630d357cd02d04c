using ILGPU;
using PipelineExtensions.Neural.Kernels;

namespace PipelineExtensions.Neural.Devices.Ilgpu.Kernels;

/// <summary>
/// Double-precision exp and log for kernels. ILGPU.Algorithms lowers <c>Math.Exp</c>/<c>Math.Log</c> on doubles to
/// CORDIC iterations through local memory and function calls (hundreds of microseconds for a 128-row softmax
/// cross-entropy on an H100, measured with <see cref="IlgpuDevice.StartProfile"/>); these are a few dozen FMAs, with
/// the accuracy of the CPU backend's <see cref="Math.Exp(double)"/> and <see cref="Math.Log(double)"/> (within 2 ulp; the tests
/// check it against them).
/// </summary>
internal static class GpuMath
{
    private const double Ln2Hi = 6.93147180369123816490e-01, Ln2Lo = 1.90821492927058770002e-10, InvLn2 = 1.44269504088896338700e+00;

    /// <summary>eˣ: x = k·ln 2 + r with |r| ≤ ln2 / 2 (ln 2 split in two so k·ln2 is exact), a degree-13 Taylor
    /// polynomial for eʳ, scaled by 2ᵏ through the exponent bits (twice, so subnormal results stay correct).</summary>
    public static double Exp(double x)
    {
        if (double.IsNaN(x))
            return x;
        if (x > 709.782712893384)
            return double.PositiveInfinity;
        if (x < -745.1332191019412)
            return 0.0;
        double kf = Math.Floor(x * InvLn2 + 0.5);
        double r = (x - kf * Ln2Hi) - kf * Ln2Lo;
        double p = 1.0 / 6227020800.0;                 // 1/13!
        p = p * r + 1.0 / 479001600.0;
        p = p * r + 1.0 / 39916800.0;
        p = p * r + 1.0 / 3628800.0;
        p = p * r + 1.0 / 362880.0;
        p = p * r + 1.0 / 40320.0;
        p = p * r + 1.0 / 5040.0;
        p = p * r + 1.0 / 720.0;
        p = p * r + 1.0 / 120.0;
        p = p * r + 1.0 / 24.0;
        p = p * r + 1.0 / 6.0;
        p = p * r + 0.5;
        p = p * r + 1.0;
        p = p * r + 1.0;
        int k = (int)kf;
        int half = k / 2;
        return p * Pow2(half) * Pow2(k - half);
    }

    /// <summary>ln x: x = m·2ᵉ with m in [√½, √2), ln m = 2·atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.172, a series
    /// to s²³. Subnormals are scaled up first; 0 → −∞, negative or NaN → NaN, +∞ → +∞.</summary>
    public static double Log(double x)
    {
        if (double.IsNaN(x) || x < 0.0)
            return double.NaN;
        if (x == 0.0)
            return double.NegativeInfinity;
        if (double.IsPositiveInfinity(x))
            return x;
        int scale = 0;
        if (x < 2.2250738585072014e-308)
        {
            x *= 18014398509481984.0;               // 2⁵⁴
            scale = -54;
        }
        ulong bits = Interop.FloatAsInt(x);
        int e = (int)((bits >> 52) & 0x7FF) - 1023 + scale;
        double m = Interop.IntAsFloat((bits & 0x000FFFFFFFFFFFFFUL) | 0x3FF0000000000000UL);   // [1, 2)
        if (m > 1.4142135623730951)
        {
            m *= 0.5;
            e++;
        }
        double s = (m - 1.0) / (m + 1.0), s2 = s * s;
        double q = 1.0 / 23.0;
        q = q * s2 + 1.0 / 21.0;
        q = q * s2 + 1.0 / 19.0;
        q = q * s2 + 1.0 / 17.0;
        q = q * s2 + 1.0 / 15.0;
        q = q * s2 + 1.0 / 13.0;
        q = q * s2 + 1.0 / 11.0;
        q = q * s2 + 1.0 / 9.0;
        q = q * s2 + 1.0 / 7.0;
        q = q * s2 + 1.0 / 5.0;
        q = q * s2 + 1.0 / 3.0;
        double lnM = 2.0 * s + 2.0 * s * s2 * q;
        return e * Ln2Hi + (e * Ln2Lo + lnM);
    }

    /// <summary>ln(1 + eˣ) for x ≤ 0 without the cancellation of 1 + eˣ when eˣ is tiny.</summary>
    public static double Log1pExp(double x)
    {
        double t = Exp(x);
        if (t < 1e-5)
            return t * (1.0 - t * (0.5 - t / 3.0));
        // log1p(t) = log(u) − ((u − 1) − t)/u with u = 1 + t: corrects the rounding of u.
        double u = 1.0 + t;
        return Log(u) - ((u - 1.0) - t) / u;
    }

    /// <summary>Φ(x) by the CPU backend's erf fit (<see cref="SpecialFunctions.Erf"/>) with this class's exp.</summary>
    public static double NormalCdf(double x)
    {
        double y = x * SpecialFunctions.InvSqrt2, z = Math.Abs(y), t = SpecialFunctions.ErfcT(z);
        double r = t * Exp(SpecialFunctions.ErfcExponent(z, t));
        return 0.5 * (1.0 + (y >= 0 ? 1.0 - r : r - 1.0));
    }

    /// <summary>φ(x) with this class's exp.</summary>
    public static double NormalPdf(double x) => SpecialFunctions.InvSqrt2Pi * Exp(-0.5 * x * x);

    // 2ⁿ for n in [-1022, 1023] through the exponent field.
    private static double Pow2(int n) => Interop.IntAsFloat((ulong)(n + 1023) << 52);
}
