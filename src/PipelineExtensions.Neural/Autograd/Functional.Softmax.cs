using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Autograd;

public static partial class Functional
{
    /// <summary>Softmax over the last dimension.</summary>
    public static Tensor Softmax(Tensor x) => SoftmaxCore(x, log: false);

    /// <summary>Log-softmax over the last dimension (stable: x − max − log Σ e^(x−max)).</summary>
    public static Tensor LogSoftmax(Tensor x) => SoftmaxCore(x, log: true);

    private static Tensor SoftmaxCore(Tensor x, bool log)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank < 1)
            throw new ShapeMismatchException($"{(log ? "LogSoftmax" : "Softmax")}: needs at least one dimension, got {x.Shape}.");
        int cols = x.Shape[-1], rows = x.Size / cols;
        var y = Tensor.Empty(x.Shape, x.Device);
        x.Device.Softmax(x.Storage, y.Storage, rows, cols, log);
        return GradNode.Needed(x) ? new SoftmaxNode(x, rows, cols, log).Attach(y) : y;
    }

    private sealed class SoftmaxNode(Tensor x, int rows, int cols, bool log) : GradNode(x)
    {
        public override void Backward(Tensor output, Tensor g)
        {
            var target = BackwardEngine.GradTarget(x, out bool acc);
            g.Device.SoftmaxBackward(output.Storage, g.Storage, target.Storage, rows, cols, log, acc);
        }
    }
}
