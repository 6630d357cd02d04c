using PipelineExtensions.Randomness;

namespace PipelineExtensions.Augmentation;

/// <summary>Samples Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b) (Marsaglia and Tsang 2000).</summary>
internal static class BetaDistribution
{
    public static double Sample(SeededRandom rng, double a, double b)
    {
        double x = Gamma(rng, a), y = Gamma(rng, b);
        double sum = x + y;
        // Both underflow only for tiny shapes; the limit is then a fair coin between 0 and 1.
        return sum > 0 ? x / sum : rng.NextDouble() < a / (a + b) ? 1.0 : 0.0;
    }

    /// <summary>Gamma(shape, 1).</summary>
    public static double Gamma(SeededRandom rng, double shape)
    {
        if (shape < 1)
        {
            // Gamma(a) = Gamma(a + 1) · U^(1/a); u in (0, 1].
            double u = 1.0 - rng.NextDouble();
            return Gamma(rng, shape + 1) * Math.Pow(u, 1.0 / shape);
        }
        double d = shape - 1.0 / 3.0, c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = rng.NextGaussian();
                v = 1.0 + c * x;
            }
            while (v <= 0);
            v = v * v * v;
            double u = 1.0 - rng.NextDouble();
            if (u < 1.0 - 0.0331 * x * x * x * x || Math.Log(u) < 0.5 * x * x + d * (1.0 - v + Math.Log(v)))
                return d * v;
        }
    }
}
