using PipelineExtensions.Neural.Autograd;
using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Devices.Cpu;
using PipelineExtensions.Neural.Layers;
using PipelineExtensions.Neural.Losses;
using PipelineExtensions.Neural.Networks;
using PipelineExtensions.Neural.Optimizers;
using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Tests.Training;

public class LearningTests
{
    [Fact]
    public void AnMlpLearnsXor()
    {
        var x = Tensor.FromArray([0, 0, 0, 1, 1, 0, 1, 1], 4, 2);
        int[] y = [0, 1, 1, 0];
        var net = Architectures.Mlp(2, [8], 2, seed: 3);
        var opt = new Adam(net.Parameters(), 0.05);
        var ce = new CrossEntropyLoss();
        float last = float.NaN;
        for (int step = 0; step < 300; step++)
        {
            using var scope = new TensorScope();
            opt.ZeroGrad();
            var loss = ce.Forward(net.Forward(x), y);
            loss.Backward();
            opt.Step();
            last = loss.Item();
        }
        Assert.True(last < 0.05f, $"final loss {last}");
        using (GradMode.NoGrad())
        {
            var p = Functional.Softmax(net.Forward(x)).ToArray();
            for (int i = 0; i < 4; i++)
                Assert.True(p[i * 2 + y[i]] > 0.9f, $"row {i}: p = {p[i * 2 + y[i]]}");
        }
    }

    private static float[][] TrainCnn(Device device, int steps)
    {
        var net = Architectures.SmallCnn(1, 10, 10, 4, seed: 5);
        net.To(device);
        var opt = new Adam(net.Parameters(), 0.01);
        var ce = new CrossEntropyLoss(labelSmoothing: 0.1);
        for (int s = 0; s < steps; s++)
        {
            using var scope = new TensorScope();
            var x = Tensor.FromSpan(TestData.Uniform(32 * 100, 50 + s), new TensorShape(32, 1, 10, 10), device);
            var labels = Enumerable.Range(0, 32).Select(i => (i * 7 + s) % 4).ToArray();
            opt.ZeroGrad();
            ce.Forward(net.Forward(x), labels).Backward();
            opt.Step();
        }
        return net.Parameters().Select(p => p.Value.ToArray()).ToArray();
    }

    [Fact]
    public void TrainingIsBitIdenticalOnOneAndSeveralThreads()
    {
        var one = TrainCnn(new CpuDevice(1), 3);
        var two = TrainCnn(new CpuDevice(2), 3);
        var again = TrainCnn(new CpuDevice(3), 3);
        Assert.Equal(one, two);
        Assert.Equal(one, again);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void SteadyStateTrainingAllocatesNoTensorMemory(int threads)
    {
        var device = new CpuDevice(threads);
        var net = Architectures.Mlp(784, [256, 128], 10, dropout: 0.2, seed: 1);
        net.To(device);
        var opt = new Adam(net.Parameters());
        var ce = new CrossEntropyLoss();
        var batch = TestData.Uniform(128 * 784, 2);
        var labels = Enumerable.Range(0, 128).Select(i => i % 10).ToArray();
        void Step()
        {
            using var scope = new TensorScope();
            var x = Tensor.FromSpan(batch, new TensorShape(128, 784), device);
            opt.ZeroGrad();
            ce.Forward(net.Forward(x), labels).Backward();
            opt.Step();
        }
        for (int i = 0; i < 3; i++)
            Step();
        long pooled = device.PooledFloats;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
            Step();
        long perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / 20;
        Assert.Equal(pooled, device.PooledFloats);
        // Counted on this thread (tests run in parallel). One batch of input alone is 400 KB: a step that
        // allocated its tensors would exceed this bound many times over.
        Assert.True(perStep < 64 * 1024, $"{perStep} bytes allocated per step");
    }
}
