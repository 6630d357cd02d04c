using PipelineExtensions.Training;

namespace PipelineExtensions.Tests.Training.Fakes;

/// <summary>
/// A model whose validation loss (and optionally accuracy) per epoch is scripted, for testing callbacks
/// through the real loop. Its only "weight" counts the optimizer steps taken, so restores are visible.
/// </summary>
internal sealed class ScriptedModel : ITrainableModel
{
    private readonly double[] _validationLoss;
    private readonly int[]? _validationCorrect;
    private readonly int[] _trainLabels;
    private readonly int[] _validationLabels;
    private int _lastEpoch;

    /// <param name="validationLoss">val_loss of epoch e is validationLoss[e].</param>
    /// <param name="validationCorrectOf100">When given: 100 validation rows, of which this many are predicted correctly in epoch e.</param>
    /// <param name="trainRows">Training rows (one batch of 8 by default).</param>
    public ScriptedModel(double[] validationLoss, int[]? validationCorrectOf100 = null, int trainRows = 8)
    {
        _validationLoss = validationLoss;
        _validationCorrect = validationCorrectOf100;
        _trainLabels = Enumerable.Range(0, trainRows).Select(i => i % 2).ToArray();
        _validationLabels = Enumerable.Range(0, validationCorrectOf100 is null ? 4 : 100).Select(i => i % 2).ToArray();
    }

    /// <summary>Optimizer steps taken (the model's only weight).</summary>
    public long Weight { get; private set; }

    public int ClassCount => 2;

    public double LearningRate { get; set; } = 0.01;

    public List<double> LearningRatesSeen { get; } = [];

    public int RowCount(DataPart part) => part == DataPart.Training ? _trainLabels.Length : _validationLabels.Length;

    public ReadOnlySpan<int> Labels(DataPart part) => part == DataPart.Training ? _trainLabels : _validationLabels;

    public double TrainBatch(in TrainingBatch batch, Span<int> predictedClasses)
    {
        Weight++;
        _lastEpoch = batch.Epoch;
        LearningRatesSeen.Add(LearningRate);
        for (int i = 0; i < batch.Rows.Length; i++)
            predictedClasses[i] = _trainLabels[batch.Rows[i]];
        return 1.0;
    }

    public double Evaluate(DataPart part, Span<int> predictedClasses)
    {
        var labels = Labels(part);
        int correct = part == DataPart.Validation && _validationCorrect is not null ? _validationCorrect[_lastEpoch] : labels.Length;
        for (int i = 0; i < labels.Length; i++)
            predictedClasses[i] = i < correct ? labels[i] : 1 - labels[i];
        return part == DataPart.Validation ? _validationLoss[_lastEpoch] : 1.0;
    }

    public bool ParametersAreFinite() => true;

    public IModelSnapshot CaptureSnapshot(SnapshotScope scope) => new Snapshot(scope, Weight);

    public void RestoreSnapshot(IModelSnapshot snapshot) => Weight = ((Snapshot)snapshot).Weight;

    public void WriteSnapshot(IModelSnapshot snapshot, Stream destination)
    {
        using var w = new BinaryWriter(destination, System.Text.Encoding.UTF8, leaveOpen: true);
        w.Write((int)snapshot.Scope);
        w.Write(((Snapshot)snapshot).Weight);
    }

    public IModelSnapshot ReadSnapshot(Stream source)
    {
        using var r = new BinaryReader(source, System.Text.Encoding.UTF8, leaveOpen: true);
        return new Snapshot((SnapshotScope)r.ReadInt32(), r.ReadInt64());
    }

    private sealed record Snapshot(SnapshotScope Scope, long Weight) : IModelSnapshot;
}
