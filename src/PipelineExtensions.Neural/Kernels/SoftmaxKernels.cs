using System.Numerics.Tensors;

namespace PipelineExtensions.Neural.Kernels;

/// <summary>Row-wise softmax, log-softmax and the fused softmax cross-entropy and sigmoid BCE losses.</summary>
internal static class SoftmaxKernels
{
    public static void Softmax(float[] x, float[] y, int rows, int cols, bool log, int threads)
    {
        CpuParallel.ForRange(threads, rows, Math.Max(1, 8192 / cols), (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                var xr = x.AsSpan(r * cols, cols);
                var yr = y.AsSpan(r * cols, cols);
                float max = TensorPrimitives.Max(xr);
                TensorPrimitives.Subtract(xr, max, yr);
                if (log)
                {
                    float lse = MathF.Log(SumExp(yr));
                    TensorPrimitives.Subtract(yr, lse, yr);
                }
                else
                {
                    TensorPrimitives.Exp(yr, yr);
                    TensorPrimitives.Multiply(yr, 1f / TensorPrimitives.Sum(yr), yr);
                }
            }
        });
    }

    // Σ e^v for v already shifted by the row maximum (so every term is ≤ 1).
    private static float SumExp(ReadOnlySpan<float> shifted)
    {
        float s = 0f;
        foreach (float v in shifted)
            s += MathF.Exp(v);
        return s;
    }

    public static void SoftmaxBackward(float[] y, float[] dy, float[] dx, int rows, int cols, bool log, bool accumulate, int threads)
    {
        CpuParallel.ForRange(threads, rows, Math.Max(1, 8192 / cols), (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                var yr = y.AsSpan(r * cols, cols);
                var gr = dy.AsSpan(r * cols, cols);
                var dr = dx.AsSpan(r * cols, cols);
                if (log)
                {
                    // dx = dy − softmax · Σ dy, softmax = e^y.
                    float sum = TensorPrimitives.Sum(gr);
                    for (int j = 0; j < cols; j++)
                    {
                        float v = gr[j] - MathF.Exp(yr[j]) * sum;
                        dr[j] = accumulate ? dr[j] + v : v;
                    }
                }
                else
                {
                    // dx = y ⊙ (dy − Σ dy·y).
                    float dot = TensorPrimitives.Dot(gr, yr);
                    for (int j = 0; j < cols; j++)
                    {
                        float v = yr[j] * (gr[j] - dot);
                        dr[j] = accumulate ? dr[j] + v : v;
                    }
                }
            }
        });
    }

    /// <summary>probabilities ← softmax(logits); returns Σᵢ rᵢ·(−Σ_c w_c t_ic log p_ic).</summary>
    public static double CrossEntropy(float[] logits, float[] targets, float[]? classWeights, float[] rowScale, int rows, int cols, float[] probabilities)
    {
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            var z = logits.AsSpan(r * cols, cols);
            var p = probabilities.AsSpan(r * cols, cols);
            var t = targets.AsSpan(r * cols, cols);
            float max = TensorPrimitives.Max(z);
            TensorPrimitives.Subtract(z, max, p);
            double sum = 0;
            foreach (float v in p)
                sum += Math.Exp(v);
            double logSum = Math.Log(sum);
            double loss = 0;
            for (int j = 0; j < cols; j++)
            {
                double logp = p[j] - logSum;
                double w = classWeights is null ? 1.0 : classWeights[j];
                if (t[j] != 0f)
                    loss -= w * t[j] * logp;
                p[j] = (float)Math.Exp(logp);
            }
            total += rowScale[r] * loss;
        }
        return total;
    }

    public static void CrossEntropyBackward(float[] probabilities, float[] targets, float[]? classWeights, float[] rowScale, float g, int rows, int cols, float[] dlogits, bool accumulate)
    {
        for (int r = 0; r < rows; r++)
        {
            var p = probabilities.AsSpan(r * cols, cols);
            var t = targets.AsSpan(r * cols, cols);
            var d = dlogits.AsSpan(r * cols, cols);
            float wt = 0f;
            for (int j = 0; j < cols; j++)
                wt += (classWeights is null ? 1f : classWeights[j]) * t[j];
            float s = g * rowScale[r];
            for (int j = 0; j < cols; j++)
            {
                float w = classWeights is null ? 1f : classWeights[j];
                float v = s * (p[j] * wt - w * t[j]);
                d[j] = accumulate ? d[j] + v : v;
            }
        }
    }

    /// <summary>Σᵢⱼ rᵢ·ℓ(x_ij, y_ij) for the sigmoid binary cross-entropy with positive weights (PyTorch's stable form).</summary>
    public static double BceWithLogits(float[] logits, float[] targets, float[]? positiveWeight, float[] rowScale, int rows, int cols)
    {
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            double rowLoss = 0;
            for (int j = 0; j < cols; j++)
            {
                double x = logits[r * cols + j], y = targets[r * cols + j];
                double pw = positiveWeight is null ? 1.0 : positiveWeight[j];
                double logWeight = (pw - 1.0) * y + 1.0;
                // (1 − y)·x + (1 + (pw − 1)·y)·(log(1 + e^−|x|) + max(−x, 0))
                rowLoss += (1.0 - y) * x + logWeight * (Math.Log(1.0 + Math.Exp(-Math.Abs(x))) + Math.Max(-x, 0.0));
            }
            total += rowScale[r] * rowLoss;
        }
        return total;
    }

    public static void BceWithLogitsBackward(float[] logits, float[] targets, float[]? positiveWeight, float[] rowScale, float g, int rows, int cols, float[] dlogits, bool accumulate)
    {
        for (int r = 0; r < rows; r++)
        {
            float s = g * rowScale[r];
            for (int j = 0; j < cols; j++)
            {
                int i = r * cols + j;
                float x = logits[i], y = targets[i];
                float pw = positiveWeight is null ? 1f : positiveWeight[j];
                float sig = 1f / (1f + MathF.Exp(-x));
                float v = s * (sig * (pw * y + 1f - y) - pw * y);
                dlogits[i] = accumulate ? dlogits[i] + v : v;
            }
        }
    }
}
