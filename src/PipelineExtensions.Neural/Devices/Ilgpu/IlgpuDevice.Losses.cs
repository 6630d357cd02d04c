using ILGPU;

namespace PipelineExtensions.Neural.Devices.Ilgpu;

public sealed partial class IlgpuDevice
{
    /// <inheritdoc/>
    public override void Softmax(Storage x, Storage y, int rows, int cols, bool log)
    {
        if (rows <= 0 || cols <= 0)
            return;
        using var _ = Enter();
        SoftmaxKernels.Softmax(Elements(rows), V(x), V(y), rows, cols, log ? 1 : 0);
    }

    /// <inheritdoc/>
    public override void SoftmaxBackward(Storage y, Storage dy, Storage dx, int rows, int cols, bool log, bool accumulate)
    {
        if (rows <= 0 || cols <= 0)
            return;
        using var _ = Enter();
        SoftmaxKernels.SoftmaxBackward(Elements(rows), V(y), V(dy), V(dx), rows, cols, log ? 1 : 0, accumulate ? 1 : 0);
    }

    /// <inheritdoc/>
    public override void CrossEntropyForward(Storage logits, Storage targets, Storage? classWeights, Storage rowScale, int rows, int cols, Storage probabilities, Storage loss)
    {
        using var _ = Enter();
        var rowLoss = Doubles(rows);
        if (rows > 0)
            SoftmaxKernels.CrossEntropyRows(Elements(rows), V(logits), V(targets), VOrEmpty(classWeights), classWeights is null ? 0 : 1, V(rowScale), rows, cols, V(probabilities), rowLoss);
        SumRows(rowLoss, rows, loss);
    }

    /// <inheritdoc/>
    public override void CrossEntropyBackward(Storage probabilities, Storage targets, Storage? classWeights, Storage rowScale, Storage gradLoss, int rows, int cols, Storage gradLogits, bool accumulate)
    {
        if (rows <= 0 || cols <= 0)
            return;
        using var _ = Enter();
        SoftmaxKernels.CrossEntropyBackward(Elements(rows), V(probabilities), V(targets), VOrEmpty(classWeights), classWeights is null ? 0 : 1, V(rowScale), V(gradLoss),
            rows, cols, V(gradLogits), accumulate ? 1 : 0);
    }

    /// <inheritdoc/>
    public override void BceWithLogitsForward(Storage logits, Storage targets, Storage? positiveWeight, Storage rowScale, int rows, int cols, Storage loss)
    {
        using var _ = Enter();
        var rowLoss = Doubles(rows);
        if (rows > 0)
            SoftmaxKernels.BceRows(Elements(rows), V(logits), V(targets), VOrEmpty(positiveWeight), positiveWeight is null ? 0 : 1, V(rowScale), rows, cols, rowLoss);
        SumRows(rowLoss, rows, loss);
    }

    /// <inheritdoc/>
    public override void BceWithLogitsBackward(Storage logits, Storage targets, Storage? positiveWeight, Storage rowScale, Storage gradLoss, int rows, int cols, Storage gradLogits, bool accumulate)
    {
        if (rows <= 0 || cols <= 0)
            return;
        using var _ = Enter();
        SoftmaxKernels.BceBackward(Elements((long)rows * cols), V(logits), V(targets), VOrEmpty(positiveWeight), positiveWeight is null ? 0 : 1, V(rowScale), V(gradLoss),
            rows, cols, V(gradLogits), accumulate ? 1 : 0);
    }

    // loss[0] ← Σ of the per-row doubles, in a fixed tree.
    private void SumRows(ArrayView<double> rowLoss, int rows, Storage loss) =>
        Reduction.Final(new KernelConfig(1, _groupSize), rowLoss, rows, V(loss), 0, (int)ReduceOp.Sum);
}
