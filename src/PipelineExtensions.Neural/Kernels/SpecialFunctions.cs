namespace PipelineExtensions.Neural.Kernels;

/// <summary>Scalar special functions the runtime lacks.</summary>
internal static class SpecialFunctions
{
    internal const double InvSqrt2 = 0.70710678118654752440;
    internal const double InvSqrt2Pi = 0.39894228040143267794;

    /// <summary>
    /// The error function, from the complementary function's Chebyshev fit in Numerical Recipes (erfcc; relative
    /// error below 1.2·10⁻⁷ everywhere), evaluated in double so float32 results are correctly rounded in practice.
    /// </summary>
    public static double Erf(double x)
    {
        double z = Math.Abs(x), t = ErfcT(z);
        double r = t * Math.Exp(ErfcExponent(z, t));
        return x >= 0 ? 1.0 - r : r - 1.0;
    }

    /// <summary>The fit's t = 1 / (1 + z/2); erfc(z) = t·exp(<see cref="ErfcExponent"/>) for z ≥ 0.</summary>
    internal static double ErfcT(double z) => 1.0 / (1.0 + 0.5 * z);

    /// <summary>The fit's exponent (shared with the GPU kernels, which evaluate the exp their own way).</summary>
    internal static double ErfcExponent(double z, double t) =>
        -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
            t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));

    /// <summary>Standard normal CDF Φ(x).</summary>
    public static double NormalCdf(double x) => 0.5 * (1.0 + Erf(x * InvSqrt2));

    /// <summary>Standard normal density φ(x).</summary>
    public static double NormalPdf(double x) => InvSqrt2Pi * Math.Exp(-0.5 * x * x);
}
