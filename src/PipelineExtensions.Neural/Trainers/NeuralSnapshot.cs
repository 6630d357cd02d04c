using PipelineExtensions.Data;
using PipelineExtensions.Neural.Optimizers;
using PipelineExtensions.Neural.Parameters;
using PipelineExtensions.Persistence;
using PipelineExtensions.Pipeline;
using PipelineExtensions.Training;

namespace PipelineExtensions.Neural.Trainers;

/// <summary>A neural model's state for the training policies: parameters and buffers, plus the optimizer state for <see cref="SnapshotScope.TrainingState"/>.</summary>
internal sealed class NeuralSnapshot(SnapshotScope scope, ParameterSnapshot weights, OptimizerState? optimizer) : IModelSnapshot
{
    public SnapshotScope Scope { get; } = scope;

    public ParameterSnapshot Weights { get; } = weights;

    public OptimizerState? Optimizer { get; } = optimizer;

    /// <summary>Writes the snapshot as a model file (the engine's own persistence of parameters and optimizer state).</summary>
    public void Write(Stream destination) => ModelFile.Save(new NeuralSnapshotPayload(this), DataSchema.Empty, destination);

    public static NeuralSnapshot Read(Stream source)
    {
        var loaded = ModelFile.Load(source, out _, "checkpoint snapshot");
        return (loaded as NeuralSnapshotPayload)?.Snapshot
            ?? throw new InvalidDataException($"The checkpoint snapshot holds a {loaded.GetType().Name}, not a neural snapshot.");
    }
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
        context.SaveChildComponent("weights", Snapshot.Weights, Snapshot.Weights.Save);
        if (Snapshot.Optimizer is { } optimizer)
            context.SaveChildComponent("optimizer", optimizer, optimizer.Save);
    }

    public static NeuralSnapshotPayload Load(ModelLoadContext context)
    {
        var scope = Enum.Parse<SnapshotScope>(context.GetString("scope"));
        var weights = context.LoadChildComponent("weights") as ParameterSnapshot ?? throw context.Corrupt("weights that are not a parameter snapshot");
        var optimizer = scope == SnapshotScope.TrainingState
            ? context.LoadChildComponent("optimizer") as OptimizerState ?? throw context.Corrupt("an optimizer state of the wrong kind")
            : null;
        return new NeuralSnapshotPayload(new NeuralSnapshot(scope, weights, optimizer));
    }
}
