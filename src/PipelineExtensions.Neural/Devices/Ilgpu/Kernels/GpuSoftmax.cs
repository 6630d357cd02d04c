using ILGPU;
using ILGPU.Runtime;

namespace PipelineExtensions.Neural.Devices.Ilgpu.Kernels;

/// <summary>
/// Row-wise softmax / log-softmax and the fused softmax cross-entropy and sigmoid BCE losses, one thread per
/// row (classifier rows are short). Loss kernels write one double per row (already multiplied by the row
/// scale); <see cref="GpuReduction.Final"/> then adds the rows in a fixed tree into the scalar loss.
/// </summary>
internal static class GpuSoftmax
{
    public static void Softmax(ArrayView<float> x, ArrayView<float> y, int rows, int cols, int log)
    {
        for (int r = GpuGroup.Start; r < rows; r += GpuGroup.Stride)
        {
            int o = r * cols;
            float max = x[o];
            for (int j = 1; j < cols; j++)
                max = x[o + j] > max || float.IsNaN(x[o + j]) ? x[o + j] : max;
            if (log != 0)
            {
                float s = 0f;
                for (int j = 0; j < cols; j++)
                    s += MathF.Exp(x[o + j] - max);
                float lse = MathF.Log(s);
                for (int j = 0; j < cols; j++)
                    y[o + j] = x[o + j] - max - lse;
            }
            else
            {
                float s = 0f;
                for (int j = 0; j < cols; j++)
                {
                    float e = MathF.Exp(x[o + j] - max);
                    y[o + j] = e;
                    s += e;
                }
                float inv = 1f / s;
                for (int j = 0; j < cols; j++)
                    y[o + j] *= inv;
            }
        }
    }

    public static void SoftmaxBackward(ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx, int rows, int cols, int log, int accumulate)
    {
        for (int r = GpuGroup.Start; r < rows; r += GpuGroup.Stride)
        {
            int o = r * cols;
            float s = 0f;
            for (int j = 0; j < cols; j++)
                s += log != 0 ? dy[o + j] : dy[o + j] * y[o + j];
            for (int j = 0; j < cols; j++)
            {
                // log: dx = dy − softmax·Σdy with softmax = e^y; else dx = y ⊙ (dy − Σ dy·y).
                float v = log != 0 ? dy[o + j] - MathF.Exp(y[o + j]) * s : y[o + j] * (dy[o + j] - s);
                dx[o + j] = accumulate != 0 ? dx[o + j] + v : v;
            }
        }
    }

    /// <summary>probabilities ← softmax(logits); rowLoss[r] ← rowScale[r]·(−Σ_c w_c t_rc log p_rc), in double.</summary>
    public static void CrossEntropyRows(ArrayView<float> logits, ArrayView<float> targets, ArrayView<float> classWeights, int hasWeights,
        ArrayView<float> rowScale, int rows, int cols, ArrayView<float> probabilities, ArrayView<double> rowLoss)
    {
        for (int r = GpuGroup.Start; r < rows; r += GpuGroup.Stride)
        {
            int o = r * cols;
            float max = logits[o];
            for (int j = 1; j < cols; j++)
                max = logits[o + j] > max || float.IsNaN(logits[o + j]) ? logits[o + j] : max;
            double sum = 0;
            for (int j = 0; j < cols; j++)
                sum += GpuMath.Exp(logits[o + j] - max);
            double logSum = GpuMath.Log(sum);
            double loss = 0;
            for (int j = 0; j < cols; j++)
            {
                double logp = (logits[o + j] - max) - logSum;
                float t = targets[o + j];
                if (t != 0f)
                    loss -= (hasWeights != 0 ? classWeights[j] : 1.0) * t * logp;
                probabilities[o + j] = (float)GpuMath.Exp(logp);
            }
            rowLoss[r] = rowScale[r] * loss;
        }
    }

    /// <summary>dlogits_rj (=|+=) g·s_r·(p_rj·Σ_c w_c t_rc − w_j t_rj), g = gradLoss[0].</summary>
    public static void CrossEntropyBackward(ArrayView<float> probabilities, ArrayView<float> targets, ArrayView<float> classWeights, int hasWeights,
        ArrayView<float> rowScale, ArrayView<float> gradLoss, int rows, int cols, ArrayView<float> gradLogits, int accumulate)
    {
        float g = gradLoss[0];
        for (int r = GpuGroup.Start; r < rows; r += GpuGroup.Stride)
        {
            int o = r * cols;
            float wt = 0f;
            for (int j = 0; j < cols; j++)
                wt += (hasWeights != 0 ? classWeights[j] : 1f) * targets[o + j];
            float s = g * rowScale[r];
            for (int j = 0; j < cols; j++)
            {
                float w = hasWeights != 0 ? classWeights[j] : 1f;
                float v = s * (probabilities[o + j] * wt - w * targets[o + j]);
                gradLogits[o + j] = accumulate != 0 ? gradLogits[o + j] + v : v;
            }
        }
    }

    /// <summary>rowLoss[r] ← rowScale[r]·Σ_j ℓ(x_rj, y_rj), PyTorch's stable BCE-with-logits with positive weights.</summary>
    public static void BceRows(ArrayView<float> logits, ArrayView<float> targets, ArrayView<float> positiveWeight, int hasWeights,
        ArrayView<float> rowScale, int rows, int cols, ArrayView<double> rowLoss)
    {
        for (int r = GpuGroup.Start; r < rows; r += GpuGroup.Stride)
        {
            double loss = 0;
            for (int j = 0; j < cols; j++)
            {
                double x = logits[r * cols + j], y = targets[r * cols + j];
                double pw = hasWeights != 0 ? positiveWeight[j] : 1.0;
                double logWeight = (pw - 1.0) * y + 1.0;
                loss += (1.0 - y) * x + logWeight * (GpuMath.Log1pExp(-Math.Abs(x)) + Math.Max(-x, 0.0));
            }
            rowLoss[r] = rowScale[r] * loss;
        }
    }

    /// <summary>dx_rj (=|+=) g·s_r·(σ(x)·(pw_j·y + 1 − y) − pw_j·y).</summary>
    public static void BceBackward(ArrayView<float> logits, ArrayView<float> targets, ArrayView<float> positiveWeight, int hasWeights,
        ArrayView<float> rowScale, ArrayView<float> gradLoss, int rows, int cols, ArrayView<float> gradLogits, int accumulate)
    {
        float g = gradLoss[0];
        int n = rows * cols;
        for (int i = GpuGroup.Start; i < n; i += GpuGroup.Stride)
        {
            int r = i / cols, j = i - r * cols;
            float x = logits[i], y = targets[i];
            float pw = hasWeights != 0 ? positiveWeight[j] : 1f;
            float sig = 1f / (1f + MathF.Exp(-x));
            float v = g * rowScale[r] * (sig * (pw * y + 1f - y) - pw * y);
            gradLogits[i] = accumulate != 0 ? gradLogits[i] + v : v;
        }
    }

    /// <summary>The loaded softmax and loss kernels of one accelerator.</summary>
    internal sealed class Set(Accelerator a)
    {
        public readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, int, int> Softmax =
            a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int, int, int>(GpuSoftmax.Softmax);
        public readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, int> SoftmaxBackward =
            a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, int>(GpuSoftmax.SoftmaxBackward);
        public readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, ArrayView<float>, int, int, ArrayView<float>, ArrayView<double>> CrossEntropyRows =
            a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, ArrayView<float>, int, int, ArrayView<float>, ArrayView<double>>(GpuSoftmax.CrossEntropyRows);
        public readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, ArrayView<float>, ArrayView<float>, int, int, ArrayView<float>, int> CrossEntropyBackward =
            a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, ArrayView<float>, ArrayView<float>, int, int, ArrayView<float>, int>(GpuSoftmax.CrossEntropyBackward);
        public readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, ArrayView<float>, int, int, ArrayView<double>> BceRows =
            a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, ArrayView<float>, int, int, ArrayView<double>>(GpuSoftmax.BceRows);
        public readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, ArrayView<float>, ArrayView<float>, int, int, ArrayView<float>, int> BceBackward =
            a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, ArrayView<float>, ArrayView<float>, int, int, ArrayView<float>, int>(GpuSoftmax.BceBackward);
    }
}
