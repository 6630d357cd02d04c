using PipelineExtensions.Neural.Kernels;

namespace PipelineExtensions.Neural.Devices.Cpu;

public sealed partial class CpuDevice
{
    /// <inheritdoc/>
    public override void Softmax(Storage x, Storage y, int rows, int cols, bool log) =>
        SoftmaxKernels.Softmax(D(x), D(y), rows, cols, log, _threads);

    /// <inheritdoc/>
    public override void SoftmaxBackward(Storage y, Storage dy, Storage dx, int rows, int cols, bool log, bool accumulate) =>
        SoftmaxKernels.SoftmaxBackward(D(y), D(dy), D(dx), rows, cols, log, accumulate, _threads);

    /// <inheritdoc/>
    public override void CrossEntropyForward(Storage logits, Storage targets, Storage? classWeights, Storage rowScale, int rows, int cols, Storage probabilities, Storage loss) =>
        D(loss)[0] = (float)SoftmaxKernels.CrossEntropy(D(logits), D(targets), DOrNull(classWeights), D(rowScale), rows, cols, D(probabilities));

    /// <inheritdoc/>
    public override void CrossEntropyBackward(Storage probabilities, Storage targets, Storage? classWeights, Storage rowScale, Storage gradLoss, int rows, int cols, Storage gradLogits, bool accumulate) =>
        SoftmaxKernels.CrossEntropyBackward(D(probabilities), D(targets), DOrNull(classWeights), D(rowScale), D(gradLoss)[0], rows, cols, D(gradLogits), accumulate);

    /// <inheritdoc/>
    public override void BceWithLogitsForward(Storage logits, Storage targets, Storage? positiveWeight, Storage rowScale, int rows, int cols, Storage loss) =>
        D(loss)[0] = (float)SoftmaxKernels.BceWithLogits(D(logits), D(targets), DOrNull(positiveWeight), D(rowScale), rows, cols);

    /// <inheritdoc/>
    public override void BceWithLogitsBackward(Storage logits, Storage targets, Storage? positiveWeight, Storage rowScale, Storage gradLoss, int rows, int cols, Storage gradLogits, bool accumulate) =>
        SoftmaxKernels.BceWithLogitsBackward(D(logits), D(targets), DOrNull(positiveWeight), D(rowScale), D(gradLoss)[0], rows, cols, D(gradLogits), accumulate);
}
