using PipelineExtensions.Neural.Kernels;

namespace PipelineExtensions.Neural.Devices.Cpu;

public sealed partial class CpuDevice
{
    /// <inheritdoc/>
    public override void BatchNormForwardTraining(int n, int c, int s, Storage x, Storage gamma, Storage beta, float epsilon,
        Storage y, Storage savedMean, Storage savedInvStd, Storage? runningMean, Storage? runningVar, float momentum) =>
        BatchNormKernels.ForwardTraining(n, c, s, D(x), D(gamma), D(beta), epsilon, D(y), D(savedMean), D(savedInvStd), DOrNull(runningMean), DOrNull(runningVar), momentum, _threads);

    /// <inheritdoc/>
    public override void BatchNormForwardInference(int n, int c, int s, Storage x, Storage gamma, Storage beta, Storage runningMean, Storage runningVar,
        float epsilon, Storage y, Storage savedMean, Storage savedInvStd) =>
        BatchNormKernels.ForwardInference(n, c, s, D(x), D(gamma), D(beta), D(runningMean), D(runningVar), epsilon, D(y), D(savedMean), D(savedInvStd), _threads);

    /// <inheritdoc/>
    public override void BatchNormBackward(int n, int c, int s, Storage x, Storage dy, Storage gamma, Storage savedMean, Storage savedInvStd, bool training,
        Storage dx, bool accumulateDx, Storage dgamma, Storage dbeta) =>
        BatchNormKernels.Backward(n, c, s, D(x), D(dy), D(gamma), D(savedMean), D(savedInvStd), training, D(dx), accumulateDx, D(dgamma), D(dbeta), _threads);

    /// <inheritdoc/>
    public override void SgdUpdate(in SgdHyper h, Storage parameter, Storage gradient, Storage? momentumBuffer, int length) =>
        OptimizerUpdateKernels.Sgd(h, D(parameter), D(gradient), DOrNull(momentumBuffer), length, _threads);

    /// <inheritdoc/>
    public override void AdamUpdate(in AdamHyper h, Storage parameter, Storage gradient, Storage expAvg, Storage expAvgSq, Storage? maxExpAvgSq, int length) =>
        OptimizerUpdateKernels.Adam(h, D(parameter), D(gradient), D(expAvg), D(expAvgSq), DOrNull(maxExpAvgSq), length, _threads);

    /// <inheritdoc/>
    public override void RmsPropUpdate(in RmsPropHyper h, Storage parameter, Storage gradient, Storage squareAvg, Storage? gradAvg, Storage? momentumBuffer, int length) =>
        OptimizerUpdateKernels.RmsProp(h, D(parameter), D(gradient), D(squareAvg), DOrNull(gradAvg), DOrNull(momentumBuffer), length, _threads);
}
