using PipelineExtensions.Data;
using PipelineExtensions.Neural.Layers;
using PipelineExtensions.Neural.Optimizers;
using PipelineExtensions.Persistence;
using PipelineExtensions.Pipeline;
using PipelineExtensions.Training;

namespace PipelineExtensions.Neural.Trainers;

/// <summary>
/// A neural model's state for the training policies: host copies of every parameter and buffer (running
/// statistics) by name, plus the optimizer state for <see cref="SnapshotScope.TrainingState"/>.
/// </summary>
/// <remarks>
/// Host copies rather than device tensors, so a snapshot read back from a checkpoint restores into a network on
/// any device (the engine's <c>ParameterSnapshot</c> copies only between tensors of the same device instance).
/// </remarks>
internal sealed class NeuralSnapshot : IModelSnapshot
{
    private NeuralSnapshot(SnapshotScope scope, string[] names, float[][] values, OptimizerState? optimizer)
    {
        Scope = scope;
        Names = names;
        Values = values;
        Optimizer = optimizer;
    }

    public SnapshotScope Scope { get; }

    public string[] Names { get; }

    public float[][] Values { get; }

    public OptimizerState? Optimizer { get; }

    public static NeuralSnapshot Capture(Module network, Optimizer optimizer, SnapshotScope scope)
    {
        var tensors = Tensors(network);
        return new NeuralSnapshot(scope, tensors.Select(t => t.Name).ToArray(), tensors.Select(t => t.Tensor.ToArray()).ToArray(),
            scope == SnapshotScope.TrainingState ? optimizer.CaptureState() : null);
    }

    public void RestoreTo(Module network)
    {
        var tensors = Tensors(network);
        if (tensors.Count != Names.Length)
            throw new ArgumentException($"The snapshot holds {Names.Length} tensors but the network has {tensors.Count}; it belongs to another architecture.", nameof(network));
        for (int i = 0; i < tensors.Count; i++)
        {
            var (name, tensor) = tensors[i];
            if (name != Names[i] || tensor.Size != Values[i].Length)
                throw new ArgumentException($"Snapshot tensor '{Names[i]}' ({Values[i].Length} values) does not match the network's '{name}' ({tensor.Size} values).", nameof(network));
            tensor.CopyFrom(Values[i]);
        }
    }

    /// <summary>Writes the snapshot as a model file.</summary>
    public void Write(Stream destination) => ModelFile.Save(new NeuralSnapshotPayload(this), DataSchema.Empty, destination);

    public static NeuralSnapshot Read(Stream source)
    {
        var loaded = ModelFile.Load(source, out _, "checkpoint snapshot");
        return (loaded as NeuralSnapshotPayload)?.Snapshot
            ?? throw new InvalidDataException($"The checkpoint snapshot holds a {loaded.GetType().Name}, not a neural snapshot.");
    }

    internal static NeuralSnapshot FromParts(SnapshotScope scope, string[] names, float[][] values, OptimizerState? optimizer) => new(scope, names, values, optimizer);

    private static List<(string Name, Tensors.Tensor Tensor)> Tensors(Module network) =>
        network.NamedParameters().Select(p => (p.Name, p.Parameter.Value)).Concat(network.NamedBuffers()).ToList();
}

/// <summary>Carries a <see cref="NeuralSnapshot"/> through <see cref="ModelFile"/>; not a real transformer.</summary>
[ModelComponent("pipex.neural-training-snapshot")]
internal sealed class NeuralSnapshotPayload(NeuralSnapshot snapshot) : ITransformer
{
    public NeuralSnapshot Snapshot { get; } = snapshot;

    public DataSchema GetOutputSchema(DataSchema inputSchema) => throw new NotSupportedException("A training snapshot is not a pipeline step.");

    public DataTable Transform(DataTable input) => throw new NotSupportedException("A training snapshot is not a pipeline step.");

    public void Save(ModelSaveContext context)
    {
        context.Set("scope", Snapshot.Scope.ToString());
        context.Set("names", Snapshot.Names);
        for (int i = 0; i < Snapshot.Names.Length; i++)
            context.WriteArray($"t{i}", Snapshot.Values[i]);
        if (Snapshot.Optimizer is { } optimizer)
            context.SaveChildComponent("optimizer", optimizer, optimizer.Save);
    }

    public static NeuralSnapshotPayload Load(ModelLoadContext context)
    {
        var scope = Enum.Parse<SnapshotScope>(context.GetString("scope"));
        var names = context.GetStrings("names");
        var values = new float[names.Length][];
        for (int i = 0; i < names.Length; i++)
            values[i] = context.ReadSingleArray($"t{i}");
        var optimizer = scope == SnapshotScope.TrainingState
            ? context.LoadChildComponent("optimizer") as OptimizerState ?? throw context.Corrupt("an optimizer state of the wrong kind")
            : null;
        return new NeuralSnapshotPayload(NeuralSnapshot.FromParts(scope, names, values, optimizer));
    }
}
