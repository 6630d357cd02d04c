using ILGPU;
using ILGPU.Runtime;
using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Devices.Ilgpu;

public sealed partial class IlgpuDevice
{
    /// <inheritdoc/>
    public override void Unary(UnaryOp op, float parameter, Storage x, Storage y, int length)
    {
        if (length <= 0)
            return;
        using var _ = Enter();
        Elementwise.Unary(Elements(length), V(x), V(y), length, (int)op, parameter);
    }

    /// <inheritdoc/>
    public override void UnaryBackward(UnaryOp op, float parameter, Storage x, Storage y, Storage dy, Storage dx, int length, bool accumulate)
    {
        if (length <= 0)
            return;
        using var _ = Enter();
        Elementwise.UnaryBackward(Elements(length), V(x), V(y), V(dy), V(dx), length, (int)op, parameter, accumulate ? 1 : 0);
    }

    /// <inheritdoc/>
    public override void Binary(BinaryOp op, Storage a, TensorShape aShape, Storage b, TensorShape bShape, Storage c, TensorShape cShape)
    {
        int size = cShape.Size;
        if (size <= 0)
            return;
        using var _ = Enter();
        if (aShape == cShape && bShape == cShape)
        {
            Elementwise.BinarySame(Elements(size), V(a), V(b), V(c), size, (int)op);
            return;
        }
        var (walkA, walkB) = BroadcastLayout.Binary(cShape, aShape, bShape);
        Elementwise.BinaryBroadcast(Elements(size), V(a), V(b), V(c), size, (int)op, walkA, walkB);
    }

    /// <inheritdoc/>
    public override void Axpby(float alpha, Storage x, float beta, Storage y, int length)
    {
        if (length <= 0)
            return;
        using var _ = Enter();
        Elementwise.Axpby(Elements(length), V(x), V(y), length, alpha, beta);
    }

    /// <inheritdoc/>
    public override void Affine(Storage x, Storage y, int length, float scale, float shift)
    {
        if (length <= 0)
            return;
        using var _ = Enter();
        Elementwise.Affine(Elements(length), V(x), V(y), length, scale, shift);
    }

    /// <inheritdoc/>
    public override void Clamp(Storage x, int length, float min, float max)
    {
        if (length <= 0)
            return;
        using var _ = Enter();
        Elementwise.Clamp(Elements(length), V(x), length, min, max);
    }

    /// <inheritdoc/>
    public override void DropoutMask(Storage mask, int length, float dropProbability, ulong key)
    {
        if (length <= 0)
            return;
        // The same threshold and scale arithmetic as the CPU kernel, so masks are bit-identical across backends.
        float scale = 1f / (1f - dropProbability);
        uint threshold = (uint)Math.Ceiling(dropProbability * (1 << 24));
        using var _ = Enter();
        Elementwise.DropoutMask(Elements(length), V(mask), length, key, threshold, scale);
    }

    /// <inheritdoc/>
    public override void SumToShape(Storage x, TensorShape xShape, Storage y, TensorShape yShape, bool accumulate)
    {
        int ySize = yShape.Size;
        if (ySize <= 0)
            return;
        var (kept, reduced) = BroadcastLayout.SumTo(xShape, yShape);
        using var _ = Enter();
        // Few values per output: a thread per output. Many (bias gradients): a group per output, and when each
        // group would loop more than 16 times, several groups per output whose partials a second launch adds in
        // order: at most four groups per resident group slot (on ILGPU's CPU accelerator, two slots, the split
        // rarely applies; its barriers cost more than they save there). The split depends only on the shapes and
        // the device, so results repeat.
        int count = reduced.Count;
        if (count < 64)
        {
            Reduction.SumToPerThread(Elements(ySize), V(x), V(y), ySize, kept, reduced, accumulate ? 1 : 0);
            return;
        }
        int parts = (int)Math.Clamp((count + 16L * _groupSize - 1) / (16L * _groupSize), 1, Math.Max(1, 4 * _maxGroups / ySize));
        if (parts == 1)
        {
            Reduction.SumToPerGroup(GroupPerItem(ySize), V(x), V(y), ySize, kept, reduced, accumulate ? 1 : 0);
            return;
        }
        int chunk = (count + parts - 1) / parts;
        var partials = Doubles(ySize * parts);
        Reduction.SumToPartials(GroupPerItem(ySize * parts), V(x), partials, ySize, kept, reduced, parts, chunk);
        Reduction.SumToFinish(Elements(ySize), partials, V(y), ySize, parts, accumulate ? 1 : 0);
    }

    /// <inheritdoc/>
    public override void Reduce(ReduceOp op, Storage x, int length, Storage result, int index)
    {
        using var _ = Enter();
        int groups = (int)Math.Clamp(((long)length + _groupSize * 16L - 1) / (_groupSize * 16L), 1, _reduceGroups);
        int chunk = (int)(((long)length + groups - 1) / groups);
        var partials = Doubles(groups);
        Reduction.Partial(new KernelConfig(groups, _groupSize), V(x), length, chunk, partials, (int)op);
        Reduction.Final(new KernelConfig(1, _groupSize), partials, groups, V(result), index, (int)op);
    }

    /// <inheritdoc/>
    public override long CountNonFinite(Storage x, int length)
    {
        if (length <= 0)
            return 0;
        using var _ = Enter();
        _counter ??= _accelerator.Allocate1D<int>(1);
        _counter.View.MemSetToZero(_stream);
        Reduction.CountNonFinite(Elements(length), V(x), length, _counter.View);
        Span<int> count = stackalloc int[1];
        _counter.View.CopyToCPU(_stream, count);
        return count[0];
    }
}
