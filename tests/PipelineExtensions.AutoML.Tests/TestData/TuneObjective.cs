using PipelineExtensions.AutoML.SearchSpaces;

namespace PipelineExtensions.AutoML.Tests.TestData;

/// <summary>
/// The synthetic tuning objective of ../shared/parity/tune_objective.md (origin: the project's shared parity
/// folder; copied here verbatim in meaning): minimise over lr (log 1e-5..1e-1), batch_size ∈ {16, 32, 64, 128,
/// 256}, dropout (0..0.5) and l2 (log 1e-6..1e-2); f* = 1.0 exactly; "within 1%" means f ≤ 1.01.
/// Also compiled into the benchmark project (linked file), so tests and the `tuners` benchmark use one definition.
/// </summary>
internal static class TuneObjective
{
    public const double Optimum = 1.0;
    public const double Target = 1.01;

    /// <summary>The space, in the order Optuna's reference script suggests the parameters.</summary>
    public static SearchSpace Space() => new SearchSpace()
        .AddFloat("lr", 1e-5, 1e-1, log: true)
        .AddCategorical("batch_size", 16, 32, 64, 128, 256)
        .AddFloat("dropout", 0.0, 0.5)
        .AddFloat("l2", 1e-6, 1e-2, log: true);

    public static double Evaluate(double lr, int batchSize, double dropout, double l2)
    {
        double x1 = Math.Log10(lr), x3 = Math.Log10(l2);
        double u = -5 + 15 * (x1 + 5) / 4, v = 30 * dropout;
        double penalty = batchSize switch
        {
            16 => 0.04,
            32 => 0.015,
            64 => 0.0,
            128 => 0.006,
            256 => 0.03,
            _ => throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batch_size must be one of 16, 32, 64, 128, 256."),
        };
        return 1 + (Branin(u, v) - 0.397887357729738) / 300 + 0.005 * (x3 + 4) * (x3 + 4) + penalty;
    }

    public static double Evaluate(TrialParameters p) =>
        Evaluate(p.GetDouble("lr"), p.GetInt32("batch_size"), p.GetDouble("dropout"), p.GetDouble("l2"));

    // Branin–Hoo with its standard constants (a=1, b=5.1/(4π²), c=5/π, r=6, s=10, t=1/(8π)).
    public static double Branin(double x, double y)
    {
        double b = 5.1 / (4 * Math.PI * Math.PI), c = 5 / Math.PI, t = 1 / (8 * Math.PI);
        double term = y - b * x * x + c * x - 6;
        return term * term + 10 * (1 - t) * Math.Cos(x) + 10;
    }
}
