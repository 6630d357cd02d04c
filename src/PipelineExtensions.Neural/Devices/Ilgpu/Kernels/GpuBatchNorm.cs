using ILGPU;
using ILGPU.Runtime;

namespace PipelineExtensions.Neural.Devices.Ilgpu.Kernels;

/// <summary>
/// Batch normalisation over x viewed as [n, c, s]. Per-channel statistics: one group per channel, per-thread sums
/// in double and a fixed tree (deterministic); then element-wise kernels apply the per-channel affine maps.
/// Formulas follow the CPU kernels (biased variance to normalise, unbiased for the running variance).
/// </summary>
internal static class GpuBatchNorm
{
    /// <summary>Batch mean and 1/√(var+ε) per channel; updates the running statistics when asked.</summary>
    public static void TrainingStatistics(ArrayView<float> x, int n, int c, int s, float epsilon, ArrayView<float> mean, ArrayView<float> invStd,
        ArrayView<float> runningMean, ArrayView<float> runningVar, int updateMean, int updateVar, float momentum)
    {
        long count = (long)n * s;
        for (int ch = Grid.IdxX; ch < c; ch += Grid.DimX)
        {
            double sum = 0;
            for (long e = Group.IdxX; e < count; e += Group.DimX)
            {
                int b = (int)(e / s), i = (int)(e - (long)b * s);
                sum += x[(b * c + ch) * s + i];
            }
            double mu = GpuGroup.Sum(sum) / count;
            double sq = 0;
            for (long e = Group.IdxX; e < count; e += Group.DimX)
            {
                int b = (int)(e / s), i = (int)(e - (long)b * s);
                double d = x[(b * c + ch) * s + i] - mu;
                sq += d * d;
            }
            double variance = GpuGroup.Sum(sq) / count;
            if (Group.IdxX == 0)
            {
                mean[ch] = (float)mu;
                invStd[ch] = (float)(1.0 / Math.Sqrt(variance + epsilon));
                if (updateMean != 0)
                    runningMean[ch] = (1f - momentum) * runningMean[ch] + momentum * (float)mu;
                if (updateVar != 0)
                    runningVar[ch] = (1f - momentum) * runningVar[ch] + momentum * (float)(variance * count / (count - 1));
            }
        }
    }

    /// <summary>mean ← running mean, invStd ← 1/√(running var + ε), one thread per channel.</summary>
    public static void InferenceStatistics(ArrayView<float> runningMean, ArrayView<float> runningVar, int c, float epsilon, ArrayView<float> mean, ArrayView<float> invStd)
    {
        for (int ch = GpuGroup.Start; ch < c; ch += GpuGroup.Stride)
        {
            mean[ch] = runningMean[ch];
            invStd[ch] = (float)(1.0 / Math.Sqrt(runningVar[ch] + (double)epsilon));
        }
    }

    /// <summary>y ← x·scale + shift with scale = γ·invStd and shift = β − mean·scale of the value's channel.</summary>
    public static void Normalize(ArrayView<float> x, ArrayView<float> y, int total, int c, int s, ArrayView<float> gamma, ArrayView<float> beta,
        ArrayView<float> mean, ArrayView<float> invStd)
    {
        for (int e = GpuGroup.Start; e < total; e += GpuGroup.Stride)
        {
            int ch = e / s % c;
            float scale = gamma[ch] * invStd[ch], shift = beta[ch] - mean[ch] * scale;
            y[e] = x[e] * scale + shift;
        }
    }

    /// <summary>
    /// dγ, dβ per channel, and the coefficients of dx: coefficients[2ch] = mean(dy), coefficients[2ch+1] =
    /// mean(dy·(x−μ))·invStd² (training); one group per channel.
    /// </summary>
    public static void BackwardStatistics(ArrayView<float> x, ArrayView<float> dy, int n, int c, int s, ArrayView<float> mean, ArrayView<float> invStd,
        ArrayView<float> dgamma, ArrayView<float> dbeta, ArrayView<float> coefficients)
    {
        long count = (long)n * s;
        for (int ch = Grid.IdxX; ch < c; ch += Grid.DimX)
        {
            float mu = mean[ch];
            double sumDy = 0, dot = 0;
            for (long e = Group.IdxX; e < count; e += Group.DimX)
            {
                int b = (int)(e / s), i = (int)(e - (long)b * s);
                int o = (b * c + ch) * s + i;
                sumDy += dy[o];
                dot += (double)(x[o] - mu) * dy[o];
            }
            sumDy = GpuGroup.Sum(sumDy);
            dot = GpuGroup.Sum(dot);
            if (Group.IdxX == 0)
            {
                float inv = invStd[ch];
                dgamma[ch] = (float)(dot * inv);
                dbeta[ch] = (float)sumDy;
                coefficients[2 * ch] = (float)(sumDy / count);
                coefficients[2 * ch + 1] = (float)(dot / count) * inv * inv;
            }
        }
    }

    /// <summary>dx (=|+=) (dy − mean(dy) − (x−μ)·k)·γ·invStd in training, dy·γ·invStd with running statistics.</summary>
    public static void BackwardData(ArrayView<float> x, ArrayView<float> dy, ArrayView<float> dx, int total, int c, int s, ArrayView<float> gamma,
        ArrayView<float> mean, ArrayView<float> invStd, ArrayView<float> coefficients, int training, int accumulate)
    {
        for (int e = GpuGroup.Start; e < total; e += GpuGroup.Stride)
        {
            int ch = e / s % c;
            float scale = gamma[ch] * invStd[ch];
            float v = training != 0
                ? (dy[e] - coefficients[2 * ch] - (x[e] - mean[ch]) * coefficients[2 * ch + 1]) * scale
                : dy[e] * scale;
            dx[e] = accumulate != 0 ? dx[e] + v : v;
        }
    }

    /// <summary>The loaded batch-normalisation kernels of one accelerator.</summary>
    internal sealed class Set(Accelerator a)
    {
        public readonly Action<KernelConfig, ArrayView<float>, int, int, int, float, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, float> TrainingStatistics =
            a.LoadStreamKernel<ArrayView<float>, int, int, int, float, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, float>(GpuBatchNorm.TrainingStatistics);
        public readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, float, ArrayView<float>, ArrayView<float>> InferenceStatistics =
            a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int, float, ArrayView<float>, ArrayView<float>>(GpuBatchNorm.InferenceStatistics);
        public readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, int, int, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>> Normalize =
            a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int, int, int, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(GpuBatchNorm.Normalize);
        public readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, int, int, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>> BackwardStatistics =
            a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int, int, int, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(GpuBatchNorm.BackwardStatistics);
        public readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int> BackwardData =
            a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(GpuBatchNorm.BackwardData);
    }
}
