using PipelineExtensions.Data;
using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Layers;
using PipelineExtensions.Neural.Losses;
using PipelineExtensions.Neural.Networks;
using PipelineExtensions.Neural.Optimizers;
using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.GpuBench;

/// <summary>
/// The recipe of issue 3 on one device: the small CNN (seed 1) in training mode, Adam 1e-3, cross-entropy, and the
/// host buffers of one batch. <see cref="Step"/> is the loop a user writes: batch gathered and uploaded, forward,
/// loss, backward, step, loss read back.
/// </summary>
internal sealed class CnnRecipe
{
    private readonly Device _device;
    private readonly Sequential _net;
    private readonly Adam _optimizer;
    private readonly CrossEntropyLoss _loss = new();
    private readonly float[] _images;
    private readonly int[] _labels;

    public CnnRecipe(Device device, int batch)
    {
        _device = device;
        _net = Architectures.SmallCnn(1, 28, 28, 10, seed: 1);
        _net.To(device);
        _optimizer = new Adam(_net.Parameters(), 1e-3);
        _images = new float[batch * 784];
        _labels = new int[batch];
        _net.Train();
    }

    /// <summary>One training step on rows order[start .. start + count); returns the loss.</summary>
    public float Step(VectorColumn images, KeyColumn labels, int[] order, int start, int count)
    {
        for (int i = 0; i < count; i++)
        {
            int r = order[start + i];
            images.Row(r).CopyTo(_images.AsSpan(i * 784, 784));
            _labels[i] = labels[r];
        }
        using var scope = new TensorScope();
        var x = Tensor.FromSpan(_images.AsSpan(0, count * 784), new TensorShape(count, 1, 28, 28), _device);
        _optimizer.ZeroGrad();
        var loss = _loss.Forward(_net.Forward(x), _labels.AsSpan(0, count));
        loss.Backward();
        _optimizer.Step();
        return loss.Item();
    }
}
