using System.Numerics.Tensors;
using PipelineExtensions.Neural.Kernels;
using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Devices.Cpu;

public sealed partial class CpuDevice
{
    private const int ElementGrain = 1 << 16;

    /// <inheritdoc/>
    public override void Unary(UnaryOp op, float parameter, Storage x, Storage y, int length)
    {
        float[] xs = D(x), ys = D(y);
        CpuParallel.ForRange(_threads, length, ElementGrain, (s, e) => ElementwiseKernels.Unary(op, parameter, xs.AsSpan(s, e - s), ys.AsSpan(s, e - s)));
    }

    /// <inheritdoc/>
    public override void UnaryBackward(UnaryOp op, float parameter, Storage x, Storage y, Storage dy, Storage dx, int length, bool accumulate)
    {
        float[] xs = D(x), ys = D(y), gs = D(dy), ds = D(dx);
        CpuParallel.ForRange(_threads, length, ElementGrain, (s, e) =>
            ElementwiseKernels.UnaryBackward(op, parameter, xs.AsSpan(s, e - s), ys.AsSpan(s, e - s), gs.AsSpan(s, e - s), ds.AsSpan(s, e - s), accumulate));
    }

    /// <inheritdoc/>
    public override void Binary(BinaryOp op, Storage a, TensorShape aShape, Storage b, TensorShape bShape, Storage c, TensorShape cShape) =>
        BroadcastKernels.Binary(op, D(a), aShape, D(b), bShape, D(c), cShape, _threads);

    /// <inheritdoc/>
    public override void Axpby(float alpha, Storage x, float beta, Storage y, int length)
    {
        float[] xs = D(x), ys = D(y);
        CpuParallel.ForRange(_threads, length, ElementGrain, (s, e) =>
        {
            var xv = xs.AsSpan(s, e - s);
            var yv = ys.AsSpan(s, e - s);
            if (beta == 0f)
                TensorPrimitives.Multiply(xv, alpha, yv);
            else if (beta == 1f && alpha == 1f)
                TensorPrimitives.Add(xv, yv, yv);
            else if (beta == 1f)
                TensorPrimitives.MultiplyAdd(xv, alpha, yv, yv);
            else
            {
                TensorPrimitives.Multiply(yv, beta, yv);
                TensorPrimitives.MultiplyAdd(xv, alpha, yv, yv);
            }
        });
    }

    /// <inheritdoc/>
    public override void Affine(Storage x, Storage y, int length, float scale, float shift)
    {
        float[] xs = D(x), ys = D(y);
        CpuParallel.ForRange(_threads, length, ElementGrain, (s, e) =>
        {
            TensorPrimitives.Multiply(xs.AsSpan(s, e - s), scale, ys.AsSpan(s, e - s));
            if (shift != 0f)
                TensorPrimitives.Add(ys.AsSpan(s, e - s), shift, ys.AsSpan(s, e - s));
        });
    }

    /// <inheritdoc/>
    public override void Clamp(Storage x, int length, float min, float max)
    {
        var xs = D(x).AsSpan(0, length);
        TensorPrimitives.Max(xs, min, xs);
        TensorPrimitives.Min(xs, max, xs);
    }

    /// <inheritdoc/>
    public override void DropoutMask(Storage mask, int length, float dropProbability, ulong key)
    {
        float[] ms = D(mask);
        CpuParallel.ForRange(_threads, length, ElementGrain, (s, e) => ElementwiseKernels.DropoutMask(ms.AsSpan(s, e - s), s, dropProbability, key));
    }

    /// <inheritdoc/>
    public override void SumToShape(Storage x, TensorShape xShape, Storage y, TensorShape yShape, bool accumulate) =>
        BroadcastKernels.SumToShape(D(x), xShape, D(y), yShape, accumulate);

    /// <inheritdoc/>
    public override void Reduce(ReduceOp op, Storage x, int length, Storage result, int index) =>
        D(result)[index] = (float)ReductionKernels.Reduce(op, D(x), length, _threads);

    /// <inheritdoc/>
    public override long CountNonFinite(Storage x, int length) => ReductionKernels.CountNonFinite(D(x).AsSpan(0, length));
}
