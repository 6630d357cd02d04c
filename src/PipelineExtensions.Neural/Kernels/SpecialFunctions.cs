namespace PipelineExtensions.Neural.Kernels;

/// <summary>Scalar special functions the runtime lacks.</summary>
internal static class SpecialFunctions
{
    private const double InvSqrt2 = 0.70710678118654752440;
    private const double InvSqrt2Pi = 0.39894228040143267794;

    /// <summary>
    /// The error function, from the complementary function's Chebyshev fit in Numerical Recipes (erfcc; relative
    /// error below 1.2·10⁻⁷ everywhere), evaluated in double so float32 results are correctly rounded in practice.
    /// </summary>
    public static double Erf(double x)
    {
        double z = Math.Abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
            t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1.0 - r : r - 1.0;
    }

    /// <summary>Standard normal CDF Φ(x).</summary>
    public static double NormalCdf(double x) => 0.5 * (1.0 + Erf(x * InvSqrt2));

    /// <summary>Standard normal density φ(x).</summary>
    public static double NormalPdf(double x) => InvSqrt2Pi * Math.Exp(-0.5 * x * x);
}
