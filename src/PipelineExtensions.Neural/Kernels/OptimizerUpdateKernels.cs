using PipelineExtensions.Neural.Devices;

namespace PipelineExtensions.Neural.Kernels;

/// <summary>
/// In-place optimizer updates, element by element in the order of PyTorch's single-tensor implementations
/// (torch.optim, 1.13), with hyperparameter arithmetic in double and per-element arithmetic in float32.
/// </summary>
internal static class OptimizerUpdateKernels
{
    private const int Grain = 1 << 15;

    public static void Sgd(SgdHyper h, float[] p, float[] grad, float[]? buf, int length, int threads)
    {
        float lr = (float)h.LearningRate, wd = (float)h.WeightDecay, mom = (float)h.Momentum, damp = (float)(1.0 - h.Dampening);
        CpuParallel.ForRange(threads, length, Grain, (s, e) =>
        {
            for (int i = s; i < e; i++)
            {
                float d = h.Maximize ? -grad[i] : grad[i];
                if (wd != 0f)
                    d += wd * p[i];
                if (buf is not null)
                {
                    float bv = h.FirstStep ? d : buf[i] * mom + damp * d;
                    buf[i] = bv;
                    d = h.Nesterov ? d + mom * bv : bv;
                }
                p[i] += -lr * d;
            }
        });
    }

    public static void Adam(AdamHyper h, float[] p, float[] grad, float[] m, float[] v, float[]? vmax, int length, int threads)
    {
        double bc1 = 1.0 - Math.Pow(h.Beta1, h.Step);
        double bc2 = 1.0 - Math.Pow(h.Beta2, h.Step);
        float stepSize = (float)(h.LearningRate / bc1);
        float bc2Sqrt = (float)Math.Sqrt(bc2);
        float b1 = (float)h.Beta1, b2 = (float)h.Beta2, oneMinusB1 = (float)(1.0 - h.Beta1), oneMinusB2 = (float)(1.0 - h.Beta2);
        float eps = (float)h.Epsilon, wd = (float)h.WeightDecay;
        float decay = h.Decoupled ? (float)(1.0 - h.LearningRate * h.WeightDecay) : 1f;
        bool coupled = !h.Decoupled && h.WeightDecay != 0;
        CpuParallel.ForRange(threads, length, Grain, (s, e) =>
        {
            for (int i = s; i < e; i++)
            {
                float g = h.Maximize ? -grad[i] : grad[i];
                float pi = p[i];
                if (h.Decoupled)
                    pi *= decay;
                else if (coupled)
                    g += wd * pi;
                float mi = m[i] * b1 + oneMinusB1 * g;
                float vi = v[i] * b2 + oneMinusB2 * g * g;
                m[i] = mi;
                v[i] = vi;
                float second = vi;
                if (vmax is not null)
                {
                    second = Math.Max(vmax[i], vi);
                    vmax[i] = second;
                }
                float denom = MathF.Sqrt(second) / bc2Sqrt + eps;
                p[i] = pi + -stepSize * mi / denom;
            }
        });
    }

    public static void RmsProp(RmsPropHyper h, float[] p, float[] grad, float[] sq, float[]? gavg, float[]? buf, int length, int threads)
    {
        float lr = (float)h.LearningRate, alpha = (float)h.Alpha, oneMinusAlpha = (float)(1.0 - h.Alpha);
        float eps = (float)h.Epsilon, wd = (float)h.WeightDecay, mom = (float)h.Momentum;
        CpuParallel.ForRange(threads, length, Grain, (s, e) =>
        {
            for (int i = s; i < e; i++)
            {
                float g = h.Maximize ? -grad[i] : grad[i];
                if (wd != 0f)
                    g += wd * p[i];
                float si = sq[i] * alpha + oneMinusAlpha * g * g;
                sq[i] = si;
                float avg;
                if (gavg is not null)
                {
                    float ga = gavg[i] * alpha + oneMinusAlpha * g;
                    gavg[i] = ga;
                    avg = MathF.Sqrt(si + -1f * ga * ga) + eps;
                }
                else
                {
                    avg = MathF.Sqrt(si) + eps;
                }
                if (buf is not null)
                {
                    float bv = buf[i] * mom + g / avg;
                    buf[i] = bv;
                    p[i] += -lr * bv;
                }
                else
                {
                    p[i] += -lr * g / avg;
                }
            }
        });
    }
}
