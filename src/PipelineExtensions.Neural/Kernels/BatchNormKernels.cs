namespace PipelineExtensions.Neural.Kernels;

/// <summary>
/// Batch normalisation over x viewed as [n, c, s] (s = spatial size, 1 for BatchNorm1d). Channels run in
/// parallel; each channel's statistics are summed in double in a fixed order.
/// </summary>
internal static class BatchNormKernels
{
    public static void ForwardTraining(int n, int c, int s, float[] x, float[] gamma, float[] beta, float eps, float[] y,
        float[] mean, float[] invStd, float[]? runningMean, float[]? runningVar, float momentum, int threads)
    {
        long count = (long)n * s;
        CpuParallel.For(threads, c, ch =>
        {
            double sum = 0;
            for (int b = 0; b < n; b++)
            {
                var xs = x.AsSpan((b * c + ch) * s, s);
                foreach (float v in xs)
                    sum += v;
            }
            double mu = sum / count;
            double sq = 0;
            for (int b = 0; b < n; b++)
            {
                var xs = x.AsSpan((b * c + ch) * s, s);
                foreach (float v in xs)
                {
                    double d = v - mu;
                    sq += d * d;
                }
            }
            double variance = sq / count;
            float inv = (float)(1.0 / Math.Sqrt(variance + eps));
            mean[ch] = (float)mu;
            invStd[ch] = inv;
            float scale = gamma[ch] * inv, shift = beta[ch] - (float)mu * scale;
            for (int b = 0; b < n; b++)
            {
                int off = (b * c + ch) * s;
                for (int i = 0; i < s; i++)
                    y[off + i] = x[off + i] * scale + shift;
            }
            if (runningMean is not null)
                runningMean[ch] = (1f - momentum) * runningMean[ch] + momentum * (float)mu;
            if (runningVar is not null)
                runningVar[ch] = (1f - momentum) * runningVar[ch] + momentum * (float)(variance * count / (count - 1));
        });
    }

    public static void ForwardInference(int n, int c, int s, float[] x, float[] gamma, float[] beta, float[] runningMean, float[] runningVar, float eps,
        float[] y, float[] mean, float[] invStd, int threads)
    {
        for (int ch = 0; ch < c; ch++)
        {
            mean[ch] = runningMean[ch];
            invStd[ch] = (float)(1.0 / Math.Sqrt(runningVar[ch] + (double)eps));
        }
        CpuParallel.ForRange(threads, n * c, Math.Max(1, 16384 / s), (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                int ch = r % c;
                float scale = gamma[ch] * invStd[ch], shift = beta[ch] - mean[ch] * scale;
                int off = r * s;
                for (int i = 0; i < s; i++)
                    y[off + i] = x[off + i] * scale + shift;
            }
        });
    }

    public static void Backward(int n, int c, int s, float[] x, float[] dy, float[] gamma, float[] mean, float[] invStd, bool training,
        float[] dx, bool accumulateDx, float[] dgamma, float[] dbeta, int threads)
    {
        long count = (long)n * s;
        CpuParallel.For(threads, c, ch =>
        {
            double sumDy = 0, dot = 0;
            float mu = mean[ch];
            for (int b = 0; b < n; b++)
            {
                int off = (b * c + ch) * s;
                for (int i = 0; i < s; i++)
                {
                    sumDy += dy[off + i];
                    dot += (double)(x[off + i] - mu) * dy[off + i];
                }
            }
            float inv = invStd[ch];
            dgamma[ch] = (float)(dot * inv);
            dbeta[ch] = (float)sumDy;
            float g = gamma[ch];
            if (training)
            {
                // dx = (dy − mean(dy) − x̂·mean(dy·x̂))·γ·invstd, written with x − μ to avoid forming x̂.
                float meanDy = (float)(sumDy / count);
                float k = (float)(dot / count) * inv * inv;
                float scale = g * inv;
                for (int b = 0; b < n; b++)
                {
                    int off = (b * c + ch) * s;
                    for (int i = 0; i < s; i++)
                    {
                        float v = (dy[off + i] - meanDy - (x[off + i] - mu) * k) * scale;
                        dx[off + i] = accumulateDx ? dx[off + i] + v : v;
                    }
                }
            }
            else
            {
                float scale = g * inv;
                for (int b = 0; b < n; b++)
                {
                    int off = (b * c + ch) * s;
                    for (int i = 0; i < s; i++)
                    {
                        float v = dy[off + i] * scale;
                        dx[off + i] = accumulateDx ? dx[off + i] + v : v;
                    }
                }
            }
        });
    }
}
