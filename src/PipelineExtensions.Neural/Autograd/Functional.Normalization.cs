using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Autograd;

public static partial class Functional
{
    /// <summary>
    /// Batch normalisation of x [N, C] or [N, C, H, W] per channel. In training mode it uses the batch statistics
    /// and updates <paramref name="runningMean"/>/<paramref name="runningVar"/> (when given) with
    /// <paramref name="momentum"/>, PyTorch's rule; otherwise it uses the running statistics.
    /// </summary>
    public static Tensor BatchNorm(Tensor x, Tensor gamma, Tensor beta, Tensor? runningMean, Tensor? runningVar, bool training, float momentum = 0.1f, float epsilon = 1e-5f)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(gamma);
        ArgumentNullException.ThrowIfNull(beta);
        if (x.Rank < 2)
            throw new ShapeMismatchException($"BatchNorm: the input must be [batch, channels, ...], got {x.Shape}.");
        int n = x.Shape[0], c = x.Shape[1], s = x.Size / (n * c);
        if (gamma.Size != c || beta.Size != c)
            throw new ShapeMismatchException($"BatchNorm({gamma.Size}): input {x.Shape} has {c} channels; scale {gamma.Shape} and shift {beta.Shape} must have one value per channel.");
        if ((runningMean is not null && runningMean.Size != c) || (runningVar is not null && runningVar.Size != c))
            throw new ShapeMismatchException($"BatchNorm({c}): running statistics must have {c} values.");
        if (training && n * s < 2)
            throw new ShapeMismatchException($"BatchNorm: training needs more than one value per channel, got input {x.Shape}.");
        if (!training && (runningMean is null || runningVar is null))
            throw new InvalidOperationException("BatchNorm: evaluation mode needs running statistics.");
        var device = SameDevice("BatchNorm", x, gamma);
        var y = Tensor.Empty(x.Shape, device);
        var mean = Tensor.Empty(new TensorShape(c), device);
        var invStd = Tensor.Empty(new TensorShape(c), device);
        if (training)
            device.BatchNormForwardTraining(n, c, s, x.Storage, gamma.Storage, beta.Storage, epsilon, y.Storage, mean.Storage, invStd.Storage, runningMean?.Storage, runningVar?.Storage, momentum);
        else
            device.BatchNormForwardInference(n, c, s, x.Storage, gamma.Storage, beta.Storage, runningMean!.Storage, runningVar!.Storage, epsilon, y.Storage, mean.Storage, invStd.Storage);
        if (GradNode.Needed(x, gamma, beta))
            return new BatchNormNode(x, gamma, beta, mean, invStd, training, n, c, s).Attach(y);
        mean.Dispose();
        invStd.Dispose();
        return y;
    }

    private sealed class BatchNormNode(Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor invStd, bool training, int n, int c, int s)
        : GradNode(x, gamma, beta)
    {
        public override void Backward(Tensor output, Tensor g)
        {
            var device = g.Device;
            using var dgamma = Tensor.Empty(gamma.Shape, device);
            using var dbeta = Tensor.Empty(beta.Shape, device);
            Tensor dx;
            bool acc = false;
            Tensor? scratch = null;
            if (x.RequiresGrad)
            {
                dx = BackwardEngine.GradTarget(x, out acc);
            }
            else
            {
                scratch = Tensor.Empty(x.Shape, device);
                dx = scratch;
            }
            device.BatchNormBackward(n, c, s, x.Storage, g.Storage, gamma.Storage, mean.Storage, invStd.Storage, training, dx.Storage, acc, dgamma.Storage, dbeta.Storage);
            scratch?.Dispose();
            BackwardEngine.Accumulate(gamma, dgamma);
            BackwardEngine.Accumulate(beta, dbeta);
        }
    }
}
