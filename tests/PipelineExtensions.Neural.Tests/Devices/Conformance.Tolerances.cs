using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Tests.Devices;

/// <summary>
/// The conformance tolerances and comparison, free of the test framework: the GPU benchmark app
/// (benchmarks/PipelineExtensions.GpuBench) links this file with the case files to run the same checks on a GPU
/// machine that has no SDK. The tolerances are explained on the test-side part of this class.
/// </summary>
internal static partial class Conformance
{
    public static readonly (double Rtol, double Atol) Exact = (0, 0);
    public static readonly (double Rtol, double Atol) Elementwise = (2e-6, 1e-7);
    public static readonly (double Rtol, double Atol) Summed = (1e-4, 1e-5);
    public static readonly (double Rtol, double Atol) Training = (2e-3, 1e-4);

    /// <summary>How far a candidate's values are from the reference's.</summary>
    /// <param name="MaxAbs">Largest |candidate − reference|.</param>
    /// <param name="MaxRel">Largest |candidate − reference| / max(|reference|, 1e-3) (informational: near-zero references would dominate a plain ratio).</param>
    /// <param name="Violations">Elements outside atol + rtol·|reference| (NaN on one side only counts).</param>
    /// <param name="First">The first violation, described, or null.</param>
    public readonly record struct Deviation(double MaxAbs, double MaxRel, int Violations, string? First);

    /// <summary>Compares element by element with |candidate − reference| ≤ atol + rtol·|reference|.</summary>
    public static Deviation Measure(float[] expected, float[] actual, (double Rtol, double Atol) tolerance, string what)
    {
        if (expected.Length != actual.Length)
            return new Deviation(double.PositiveInfinity, double.PositiveInfinity, 1, $"{what}: {actual.Length} values, expected {expected.Length}");
        double maxAbs = 0, maxRel = 0;
        int violations = 0;
        string? first = null;
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            if (double.IsNaN(e) || double.IsNaN(a))
            {
                if (!(double.IsNaN(e) && double.IsNaN(a)))
                {
                    violations++;
                    first ??= $"{what}[{i}]: {a:G9} vs reference {e:G9}";
                }
                continue;
            }
            if (e == a)
                continue;
            double diff = Math.Abs(a - e), tol = tolerance.Atol + tolerance.Rtol * Math.Abs(e);
            maxAbs = Math.Max(maxAbs, diff);
            maxRel = Math.Max(maxRel, diff / Math.Max(Math.Abs(e), 1e-3));
            if (!(diff <= tol))
            {
                violations++;
                first ??= $"{what}[{i}]: {a:G9} vs reference {e:G9} (|Δ| {diff:G3} > tolerance {tol:G3})";
            }
        }
        return new Deviation(maxAbs, maxRel, violations, first);
    }

    /// <summary>A tensor holding <paramref name="values"/> on <paramref name="device"/> (outside any scope).</summary>
    public static Tensor On(Device device, float[] values, params int[] shape) => Tensor.FromSpan(values, new TensorShape(shape), device);
}
