using PipelineExtensions.Neural.Devices.Ilgpu.Kernels;

namespace PipelineExtensions.Neural.Devices.Ilgpu;

public sealed partial class IlgpuDevice
{
    /// <inheritdoc/>
    public override void BatchNormForwardTraining(int n, int c, int s, Storage x, Storage gamma, Storage beta, float epsilon,
        Storage y, Storage savedMean, Storage savedInvStd, Storage? runningMean, Storage? runningVar, float momentum)
    {
        using var _ = Enter();
        BatchNorm.TrainingStatistics(GroupPerItem(c), V(x), n, c, s, epsilon, V(savedMean), V(savedInvStd),
            VOrEmpty(runningMean), VOrEmpty(runningVar), runningMean is null ? 0 : 1, runningVar is null ? 0 : 1, momentum);
        int total = n * c * s;
        BatchNorm.Normalize(Elements(total), V(x), V(y), total, c, s, V(gamma), V(beta), V(savedMean), V(savedInvStd));
    }

    /// <inheritdoc/>
    public override void BatchNormForwardInference(int n, int c, int s, Storage x, Storage gamma, Storage beta, Storage runningMean, Storage runningVar,
        float epsilon, Storage y, Storage savedMean, Storage savedInvStd)
    {
        using var _ = Enter();
        BatchNorm.InferenceStatistics(Elements(c), V(runningMean), V(runningVar), c, epsilon, V(savedMean), V(savedInvStd));
        int total = n * c * s;
        BatchNorm.Normalize(Elements(total), V(x), V(y), total, c, s, V(gamma), V(beta), V(savedMean), V(savedInvStd));
    }

    /// <inheritdoc/>
    public override void BatchNormBackward(int n, int c, int s, Storage x, Storage dy, Storage gamma, Storage savedMean, Storage savedInvStd, bool training,
        Storage dx, bool accumulateDx, Storage dgamma, Storage dbeta)
    {
        using var _ = Enter();
        var coefficients = RentWorkspace(2 * c);
        try
        {
            BatchNorm.BackwardStatistics(GroupPerItem(c), V(x), V(dy), n, c, s, V(savedMean), V(savedInvStd), V(dgamma), V(dbeta), coefficients.View);
            int total = n * c * s;
            BatchNorm.BackwardData(Elements(total), V(x), V(dy), V(dx), total, c, s, V(gamma), V(savedMean), V(savedInvStd), coefficients.View,
                training ? 1 : 0, accumulateDx ? 1 : 0);
        }
        finally
        {
            ReturnWorkspace(coefficients);
        }
    }

    /// <inheritdoc/>
    public override void SgdUpdate(in SgdHyper h, Storage parameter, Storage gradient, Storage? momentumBuffer, int length)
    {
        if (length <= 0)
            return;
        var args = GpuOptimizer.SgdArgs.From(h, momentumBuffer is not null);
        using var _ = Enter();
        Optimizer.Sgd(Elements(length), V(parameter), V(gradient), VOrEmpty(momentumBuffer), length, args);
    }

    /// <inheritdoc/>
    public override void AdamUpdate(in AdamHyper h, Storage parameter, Storage gradient, Storage expAvg, Storage expAvgSq, Storage? maxExpAvgSq, int length)
    {
        if (length <= 0)
            return;
        var args = GpuOptimizer.AdamArgs.From(h, maxExpAvgSq is not null);
        using var _ = Enter();
        Optimizer.Adam(Elements(length), V(parameter), V(gradient), V(expAvg), V(expAvgSq), VOrEmpty(maxExpAvgSq), length, args);
    }

    /// <inheritdoc/>
    public override void RmsPropUpdate(in RmsPropHyper h, Storage parameter, Storage gradient, Storage squareAvg, Storage? gradAvg, Storage? momentumBuffer, int length)
    {
        if (length <= 0)
            return;
        var args = GpuOptimizer.RmsPropArgs.From(h, gradAvg is not null, momentumBuffer is not null);
        using var _ = Enter();
        Optimizer.RmsProp(Elements(length), V(parameter), V(gradient), V(squareAvg), VOrEmpty(gradAvg), VOrEmpty(momentumBuffer), length, args);
    }
}
