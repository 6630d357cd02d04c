using PipelineExtensions.Training;

namespace PipelineExtensions.Tests.Training.Fakes;

/// <summary>Wraps a model and records what the loop hands it (rows, seeds, rates); can cancel after a number of steps.</summary>
internal sealed class RecordingModel(ITrainableModel inner) : ITrainableModel, IMomentumControl
{
    public List<int[]> Batches { get; } = [];

    public List<long> Seeds { get; } = [];

    public List<long> StepNumbers { get; } = [];

    public List<double> Rates { get; } = [];

    public List<double> Momenta { get; } = [];

    public CancellationTokenSource? CancelAfter { get; set; }

    public int CancelAfterSteps { get; set; } = int.MaxValue;

    public int ClassCount => inner.ClassCount;

    public double LearningRate { get => inner.LearningRate; set => inner.LearningRate = value; }

    public double Momentum
    {
        get => inner is IMomentumControl m ? m.Momentum : double.NaN;
        set
        {
            if (inner is IMomentumControl m)
                m.Momentum = value;
        }
    }

    public int RowCount(DataPart part) => inner.RowCount(part);

    public ReadOnlySpan<int> Labels(DataPart part) => inner.Labels(part);

    public double TrainBatch(in TrainingBatch batch, Span<int> predictedClasses)
    {
        Batches.Add(batch.Rows.ToArray());
        Seeds.Add(batch.Seed);
        StepNumbers.Add(batch.Step);
        Rates.Add(LearningRate);
        Momenta.Add(Momentum);
        double loss = inner.TrainBatch(batch, predictedClasses);
        if (Batches.Count >= CancelAfterSteps)
            CancelAfter?.Cancel();
        return loss;
    }

    public double Evaluate(DataPart part, Span<int> predictedClasses) => inner.Evaluate(part, predictedClasses);

    public bool ParametersAreFinite() => inner.ParametersAreFinite();

    public IModelSnapshot CaptureSnapshot(SnapshotScope scope) => inner.CaptureSnapshot(scope);

    public void RestoreSnapshot(IModelSnapshot snapshot) => inner.RestoreSnapshot(snapshot);

    public void WriteSnapshot(IModelSnapshot snapshot, Stream destination) => inner.WriteSnapshot(snapshot, destination);

    public IModelSnapshot ReadSnapshot(Stream source) => inner.ReadSnapshot(source);
}
