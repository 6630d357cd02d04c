using ILGPU;
using ILGPU.Runtime;

namespace PipelineExtensions.Neural.Devices.Ilgpu.Kernels;

/// <summary>
/// In-place optimizer updates, element by element in the order of PyTorch's single-tensor implementations, with
/// the hyperparameter arithmetic done once on the host in double (exactly as the CPU kernels do) and the
/// per-element arithmetic in float32.
/// </summary>
internal static class GpuOptimizer
{
    /// <summary>SGD constants as float32.</summary>
    public struct SgdArgs
    {
        public float LearningRate, WeightDecay, Momentum, OneMinusDampening;
        public int Nesterov, Maximize, FirstStep, HasBuffer;

        public static SgdArgs From(in SgdHyper h, bool hasBuffer) => new()
        {
            LearningRate = (float)h.LearningRate, WeightDecay = (float)h.WeightDecay, Momentum = (float)h.Momentum,
            OneMinusDampening = (float)(1.0 - h.Dampening), Nesterov = h.Nesterov ? 1 : 0, Maximize = h.Maximize ? 1 : 0,
            FirstStep = h.FirstStep ? 1 : 0, HasBuffer = hasBuffer ? 1 : 0,
        };
    }

    /// <summary>Adam/AdamW constants as float32 (bias corrections folded in on the host).</summary>
    public struct AdamArgs
    {
        public float StepSize, Bc2Sqrt, Beta1, Beta2, OneMinusBeta1, OneMinusBeta2, Epsilon, WeightDecay, Decay;
        public int Decoupled, Coupled, Maximize, HasMax;

        public static AdamArgs From(in AdamHyper h, bool hasMax)
        {
            double bc1 = 1.0 - Math.Pow(h.Beta1, h.Step), bc2 = 1.0 - Math.Pow(h.Beta2, h.Step);
            return new AdamArgs
            {
                StepSize = (float)(h.LearningRate / bc1), Bc2Sqrt = (float)Math.Sqrt(bc2), Beta1 = (float)h.Beta1, Beta2 = (float)h.Beta2,
                OneMinusBeta1 = (float)(1.0 - h.Beta1), OneMinusBeta2 = (float)(1.0 - h.Beta2), Epsilon = (float)h.Epsilon,
                WeightDecay = (float)h.WeightDecay, Decay = h.Decoupled ? (float)(1.0 - h.LearningRate * h.WeightDecay) : 1f,
                Decoupled = h.Decoupled ? 1 : 0, Coupled = !h.Decoupled && h.WeightDecay != 0 ? 1 : 0, Maximize = h.Maximize ? 1 : 0,
                HasMax = hasMax ? 1 : 0,
            };
        }
    }

    /// <summary>RMSprop constants as float32.</summary>
    public struct RmsPropArgs
    {
        public float LearningRate, Alpha, OneMinusAlpha, Epsilon, WeightDecay, Momentum;
        public int Maximize, Centered, HasMomentum;

        public static RmsPropArgs From(in RmsPropHyper h, bool centered, bool hasMomentum) => new()
        {
            LearningRate = (float)h.LearningRate, Alpha = (float)h.Alpha, OneMinusAlpha = (float)(1.0 - h.Alpha), Epsilon = (float)h.Epsilon,
            WeightDecay = (float)h.WeightDecay, Momentum = (float)h.Momentum, Maximize = h.Maximize ? 1 : 0,
            Centered = centered ? 1 : 0, HasMomentum = hasMomentum ? 1 : 0,
        };
    }

    public static void Sgd(ArrayView<float> p, ArrayView<float> grad, ArrayView<float> buf, int n, SgdArgs h)
    {
        for (int i = GpuGroup.Start; i < n; i += GpuGroup.Stride)
        {
            float d = h.Maximize != 0 ? -grad[i] : grad[i];
            if (h.WeightDecay != 0f)
                d += h.WeightDecay * p[i];
            if (h.HasBuffer != 0)
            {
                float bv = h.FirstStep != 0 ? d : buf[i] * h.Momentum + h.OneMinusDampening * d;
                buf[i] = bv;
                d = h.Nesterov != 0 ? d + h.Momentum * bv : bv;
            }
            p[i] += -h.LearningRate * d;
        }
    }

    public static void Adam(ArrayView<float> p, ArrayView<float> grad, ArrayView<float> m, ArrayView<float> v, ArrayView<float> vmax, int n, AdamArgs h)
    {
        for (int i = GpuGroup.Start; i < n; i += GpuGroup.Stride)
        {
            float g = h.Maximize != 0 ? -grad[i] : grad[i];
            float pi = p[i];
            if (h.Decoupled != 0)
                pi *= h.Decay;
            else if (h.Coupled != 0)
                g += h.WeightDecay * pi;
            float mi = m[i] * h.Beta1 + h.OneMinusBeta1 * g;
            float vi = v[i] * h.Beta2 + h.OneMinusBeta2 * g * g;
            m[i] = mi;
            v[i] = vi;
            float second = vi;
            if (h.HasMax != 0)
            {
                second = Math.Max(vmax[i], vi);
                vmax[i] = second;
            }
            float denom = MathF.Sqrt(second) / h.Bc2Sqrt + h.Epsilon;
            p[i] = pi + -h.StepSize * mi / denom;
        }
    }

    public static void RmsProp(ArrayView<float> p, ArrayView<float> grad, ArrayView<float> sq, ArrayView<float> gavg, ArrayView<float> buf, int n, RmsPropArgs h)
    {
        for (int i = GpuGroup.Start; i < n; i += GpuGroup.Stride)
        {
            float g = h.Maximize != 0 ? -grad[i] : grad[i];
            if (h.WeightDecay != 0f)
                g += h.WeightDecay * p[i];
            float si = sq[i] * h.Alpha + h.OneMinusAlpha * g * g;
            sq[i] = si;
            float avg;
            if (h.Centered != 0)
            {
                float ga = gavg[i] * h.Alpha + h.OneMinusAlpha * g;
                gavg[i] = ga;
                avg = MathF.Sqrt(si + -1f * ga * ga) + h.Epsilon;
            }
            else
            {
                avg = MathF.Sqrt(si) + h.Epsilon;
            }
            if (h.HasMomentum != 0)
            {
                float bv = buf[i] * h.Momentum + g / avg;
                buf[i] = bv;
                p[i] += -h.LearningRate * bv;
            }
            else
            {
                p[i] += -h.LearningRate * g / avg;
            }
        }
    }

    /// <summary>The loaded optimizer kernels of one accelerator.</summary>
    internal sealed class Set(Accelerator a)
    {
        public readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, SgdArgs> Sgd =
            a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, SgdArgs>(GpuOptimizer.Sgd);
        public readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, AdamArgs> Adam =
            a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, AdamArgs>(GpuOptimizer.Adam);
        public readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, RmsPropArgs> RmsProp =
            a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, RmsPropArgs>(GpuOptimizer.RmsProp);
    }
}
