using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using PipelineExtensions.Neural.Devices;

namespace PipelineExtensions.Neural.Kernels;

/// <summary>Element-wise forward and backward functions over spans (SIMD through TensorPrimitives / Vector256).</summary>
internal static class ElementwiseKernels
{
    public static void Unary(UnaryOp op, float alpha, ReadOnlySpan<float> x, Span<float> y)
    {
        switch (op)
        {
            case UnaryOp.Relu:
                TensorPrimitives.Max(x, 0f, y);
                break;
            case UnaryOp.LeakyRelu:
                LeakyRelu(x, y, alpha);
                break;
            case UnaryOp.Gelu:
                for (int i = 0; i < x.Length; i++)
                    y[i] = (float)(x[i] * SpecialFunctions.NormalCdf(x[i]));
                break;
            case UnaryOp.Sigmoid:
                TensorPrimitives.Sigmoid(x, y);
                break;
            case UnaryOp.Tanh:
                TensorPrimitives.Tanh(x, y);
                break;
            case UnaryOp.Exp:
                TensorPrimitives.Exp(x, y);
                break;
            case UnaryOp.Log:
                TensorPrimitives.Log(x, y);
                break;
            case UnaryOp.Negate:
                TensorPrimitives.Negate(x, y);
                break;
            case UnaryOp.Abs:
                TensorPrimitives.Abs(x, y);
                break;
            case UnaryOp.Square:
                TensorPrimitives.Multiply(x, x, y);
                break;
            case UnaryOp.Sqrt:
                TensorPrimitives.Sqrt(x, y);
                break;
            default:
                throw new NotSupportedException(op.ToString());
        }
    }

    private static void LeakyRelu(ReadOnlySpan<float> x, Span<float> y, float alpha)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var va = Vector256.Create(alpha);
            for (; i <= x.Length - 8; i += 8)
            {
                var v = Vector256.Create(x.Slice(i, 8));
                Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<float>.Zero), v, v * va).CopyTo(y.Slice(i, 8));
            }
        }
        for (; i < x.Length; i++)
            y[i] = x[i] > 0 ? x[i] : alpha * x[i];
    }

    /// <summary>dx (=|+=) dy·f′(x); y holds f(x).</summary>
    public static void UnaryBackward(UnaryOp op, float alpha, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, bool accumulate)
    {
        int n = dx.Length;
        switch (op)
        {
            case UnaryOp.Relu:
                ReluLikeBackward(x, dy, dx, 0f, accumulate);
                return;
            case UnaryOp.LeakyRelu:
                ReluLikeBackward(x, dy, dx, alpha, accumulate);
                return;
        }
        for (int i = 0; i < n; i++)
        {
            float g = op switch
            {
                UnaryOp.Gelu => (float)(dy[i] * (SpecialFunctions.NormalCdf(x[i]) + x[i] * SpecialFunctions.NormalPdf(x[i]))),
                UnaryOp.Sigmoid => dy[i] * y[i] * (1f - y[i]),
                UnaryOp.Tanh => dy[i] * (1f - y[i] * y[i]),
                UnaryOp.Exp => dy[i] * y[i],
                UnaryOp.Log => dy[i] / x[i],
                UnaryOp.Negate => -dy[i],
                UnaryOp.Abs => x[i] > 0 ? dy[i] : x[i] < 0 ? -dy[i] : 0f,
                UnaryOp.Square => 2f * x[i] * dy[i],
                UnaryOp.Sqrt => dy[i] / (2f * y[i]),
                _ => throw new NotSupportedException(op.ToString()),
            };
            dx[i] = accumulate ? dx[i] + g : g;
        }
    }

    private static void ReluLikeBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, float slope, bool accumulate)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vs = Vector256.Create(slope);
            for (; i <= dx.Length - 8; i += 8)
            {
                var vx = Vector256.Create(x.Slice(i, 8));
                var vg = Vector256.Create(dy.Slice(i, 8));
                var r = Vector256.ConditionalSelect(Vector256.GreaterThan(vx, Vector256<float>.Zero), vg, vg * vs);
                if (accumulate)
                    r += Vector256.Create(dx.Slice(i, 8));
                r.CopyTo(dx.Slice(i, 8));
            }
        }
        for (; i < dx.Length; i++)
        {
            float g = x[i] > 0 ? dy[i] : slope * dy[i];
            dx[i] = accumulate ? dx[i] + g : g;
        }
    }

    public static void Binary(BinaryOp op, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(a, b, c); break;
            case BinaryOp.Subtract: TensorPrimitives.Subtract(a, b, c); break;
            case BinaryOp.Multiply: TensorPrimitives.Multiply(a, b, c); break;
            case BinaryOp.Divide: TensorPrimitives.Divide(a, b, c); break;
        }
    }

    public static void Binary(BinaryOp op, ReadOnlySpan<float> a, float b, Span<float> c)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(a, b, c); break;
            case BinaryOp.Subtract: TensorPrimitives.Subtract(a, b, c); break;
            case BinaryOp.Multiply: TensorPrimitives.Multiply(a, b, c); break;
            case BinaryOp.Divide: TensorPrimitives.Divide(a, b, c); break;
        }
    }

    public static void Binary(BinaryOp op, float a, ReadOnlySpan<float> b, Span<float> c)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(b, a, c); break;
            case BinaryOp.Subtract: TensorPrimitives.Subtract(a, b, c); break;
            case BinaryOp.Multiply: TensorPrimitives.Multiply(b, a, c); break;
            case BinaryOp.Divide: TensorPrimitives.Divide(a, b, c); break;
        }
    }

    public static float Binary(BinaryOp op, float a, float b) => op switch
    {
        BinaryOp.Add => a + b,
        BinaryOp.Subtract => a - b,
        BinaryOp.Multiply => a * b,
        _ => a / b,
    };

    /// <summary>The stateless dropout hash: SplitMix64 of (key, index) → 24 uniform bits.</summary>
    public static void DropoutMask(Span<float> mask, int offset, float p, ulong key)
    {
        float scale = 1f / (1f - p);
        // Compare in integer space: keep when u ≥ p with u = bits / 2^24.
        uint threshold = (uint)Math.Ceiling(p * (1 << 24));
        for (int i = 0; i < mask.Length; i++)
        {
            ulong z = key + (ulong)(offset + i) * 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            mask[i] = (uint)(z >> 40) >= threshold ? scale : 0f;
        }
    }
}
