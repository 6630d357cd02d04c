using PipelineExtensions.Data;
using PipelineExtensions.Neural.Autograd;
using PipelineExtensions.Neural.Layers;
using PipelineExtensions.Neural.Losses;
using PipelineExtensions.Neural.Networks;
using PipelineExtensions.Neural.Optimizers;
using PipelineExtensions.Neural.Parameters;
using PipelineExtensions.Neural.Regularization;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Persistence;

namespace PipelineExtensions.Neural.Tests.Parameters;

public class SaveLoadTests
{
    public static TheoryData<string> Networks => new() { "mlp", "cnn", "resnet" };

    private static (Sequential Net, int[] Shape) Build(string name) => name switch
    {
        "mlp" => (Architectures.Mlp(12, [16, 8], 3, dropout: 0.2, seed: 1), [4, 12]),
        "cnn" => (Architectures.SmallCnn(1, 12, 12, 3, seed: 2), [4, 1, 12, 12]),
        _ => (Architectures.SmallResNet(2, 8, 8, 3, seed: 3), [4, 2, 8, 8]),
    };

    private static void TrainTwoSteps(Sequential net, int[] shape, Optimizer? optimizer = null)
    {
        var opt = optimizer ?? new Adam(net.Parameters(), 0.01);
        var loss = new CrossEntropyLoss();
        for (int s = 0; s < 2; s++)
        {
            opt.ZeroGrad();
            loss.Forward(net.Forward(Tensor.FromArray(TestData.Uniform(new TensorShape(shape).Size, 10 + s), shape)), [0, 1, 2, 1]).Backward();
            opt.Step();
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void SavedNetworkLoadsWithIdenticalOutputs(string name)
    {
        var (net, shape) = Build(name);
        net.SetWeightRegularizer(Regularizer.Ridge(1e-3));
        TrainTwoSteps(net, shape);
        net.Eval();
        var x = Tensor.FromArray(TestData.Uniform(new TensorShape(shape).Size, 99), shape);
        float[] expected;
        using (GradMode.NoGrad())
            expected = net.Forward(x).ToArray();

        string path = Path.Combine(Path.GetTempPath(), $"pipex-neural-{name}-{Guid.NewGuid():N}.zip");
        try
        {
            ModelFile.Save(new NetworkHolder(net), DataSchema.Empty, path);
            var loaded = (Sequential)((NetworkHolder)ModelFile.Load(path, out _)).Network;
            loaded.Eval();
            using (GradMode.NoGrad())
                Assert.Equal(expected, loaded.Forward(x).ToArray());
            Assert.Equal(net.NamedParameters().Select(p => p.Name), loaded.NamedParameters().Select(p => p.Name));
            Assert.All(loaded.Parameters().Where(p => p.Role == ParameterRole.Weight), p => Assert.Equal(1e-3, p.Regularizer!.L2));
            Assert.Equal(net.ToString(), loaded.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void SnapshotRestoresParametersAndRunningStatistics()
    {
        var (net, shape) = Build("resnet");
        var snapshot = ParameterSnapshot.Capture(net);
        var before = net.NamedParameters().Select(p => p.Parameter.Value.ToArray()).Concat(net.NamedBuffers().Select(b => b.Buffer.ToArray())).ToList();
        TrainTwoSteps(net, shape);
        var after = net.NamedBuffers().First().Buffer.ToArray();
        Assert.NotEqual(before[^1], net.NamedBuffers().Last().Buffer.ToArray());
        snapshot.RestoreTo(net);
        var restored = net.NamedParameters().Select(p => p.Parameter.Value.ToArray()).Concat(net.NamedBuffers().Select(b => b.Buffer.ToArray())).ToList();
        Assert.Equal(before, restored);
        snapshot.CaptureFrom(net);
        Assert.NotNull(after);
    }

    [Fact]
    public void SnapshotRefusesAnotherArchitecture()
    {
        var snapshot = ParameterSnapshot.Capture(Architectures.Mlp(4, [8], 2));
        var e = Assert.Throws<ArgumentException>(() => snapshot.RestoreTo(Architectures.Mlp(4, [9], 2)));
        Assert.Contains("[8, 4]", e.Message);
        Assert.Contains("[9, 4]", e.Message);
    }

    [Fact]
    public void SnapshotAndOptimizerStateSaveToAModelFile()
    {
        var (net, shape) = Build("mlp");
        var opt = new Adam(net.Parameters(), 0.01);
        TrainTwoSteps(net, shape, opt);
        var holder = new CheckpointHolder(ParameterSnapshot.Capture(net), opt.CaptureState());
        string path = Path.Combine(Path.GetTempPath(), $"pipex-neural-ckpt-{Guid.NewGuid():N}.zip");
        try
        {
            ModelFile.Save(holder, DataSchema.Empty, path);
            var loaded = (CheckpointHolder)ModelFile.Load(path, out _);
            var fresh = Build("mlp").Net;
            loaded.Weights.RestoreTo(fresh);
            Assert.Equal(net.Parameters().Select(p => p.Value.ToArray()), fresh.Parameters().Select(p => p.Value.ToArray()));
            var opt2 = new Adam(fresh.Parameters(), 0.5);
            opt2.RestoreState(loaded.State);
            Assert.Equal(opt.CaptureState().Tensors["0.exp_avg"], opt2.CaptureState().Tensors["0.exp_avg"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [ModelComponent("pipex.tests.checkpoint-holder")]
    private sealed class CheckpointHolder(ParameterSnapshot weights, OptimizerState state) : PipelineExtensions.Pipeline.ITransformer
    {
        public ParameterSnapshot Weights { get; } = weights;

        public OptimizerState State { get; } = state;

        public DataSchema GetOutputSchema(DataSchema inputSchema) => inputSchema;

        public DataTable Transform(DataTable input) => input;

        public void Save(ModelSaveContext context)
        {
            context.SaveChildComponent("weights", Weights, Weights.Save);
            context.SaveChildComponent("optimizer", State, State.Save);
        }

        public static CheckpointHolder Load(ModelLoadContext context) =>
            new((ParameterSnapshot)context.LoadChildComponent("weights"), (OptimizerState)context.LoadChildComponent("optimizer"));
    }
}
