using PipelineExtensions.Neural.Autograd;
using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Tests;

/// <summary>
/// Compares autograd gradients with central finite differences. The scalar probed is L = Σ f(x)ᵢ·rᵢ with fixed
/// random rᵢ (so every output element matters), evaluated in double from the float32 outputs.
/// Tolerance: |analytic − numeric| ≤ atol + rtol·max(|analytic|, |numeric|); with float32 forward passes and
/// h = 1e-2 the finite-difference error is O(h²) + O(ε_float·|L|/h), a few 1e-4 for the small tensors used here.
/// </summary>
internal static class GradientCheck
{
    public static void Check(Func<Tensor[], Tensor> f, Tensor[] inputs, double h = 1e-2, double rtol = 2e-2, double atol = 2e-3, int maxProbes = 48)
    {
        Tensor output;
        foreach (var x in inputs)
            x.Grad?.Fill(0f);
        output = f(inputs);
        var weights = TestData.Uniform(output.Size, 777, -1f, 1f);
        var loss = Functional.Sum(output * Tensor.FromArray(weights, output.Shape.ToArray()));
        loss.Backward();

        for (int i = 0; i < inputs.Length; i++)
        {
            var x = inputs[i];
            if (!x.RequiresGrad)
                continue;
            Assert.True(x.Grad is not null, $"input {i} got no gradient");
            var analytic = x.Grad!.ToArray();
            var values = x.ToArray();
            int stride = Math.Max(1, values.Length / maxProbes);
            for (int j = 0; j < values.Length; j += stride)
            {
                float original = values[j];
                values[j] = original + (float)h;
                double plus = Evaluate(f, inputs, i, values, weights);
                values[j] = original - (float)h;
                double minus = Evaluate(f, inputs, i, values, weights);
                values[j] = original;
                x.CopyFrom(values);
                double numeric = (plus - minus) / (2 * h);
                double a = analytic[j];
                double tol = atol + rtol * Math.Max(Math.Abs(a), Math.Abs(numeric));
                Assert.True(Math.Abs(a - numeric) <= tol,
                    $"input {i} element {j}: analytic {a:G6} vs numeric {numeric:G6} (tolerance {tol:G3})");
            }
        }
    }

    private static double Evaluate(Func<Tensor[], Tensor> f, Tensor[] inputs, int which, float[] values, float[] weights)
    {
        inputs[which].CopyFrom(values);
        using (GradMode.NoGrad())
        {
            var y = f(inputs).ToArray();
            double s = 0;
            for (int k = 0; k < y.Length; k++)
                s += (double)y[k] * weights[k];
            return s;
        }
    }
}
