using System.IO.Compression;
using PipelineExtensions.Tests.Training.Fakes;
using PipelineExtensions.Training;

namespace PipelineExtensions.Tests.Training.Loop;

/// <summary>An interrupted run resumed from its checkpoint ends bit-identical to an uninterrupted one.</summary>
public sealed class CheckpointResumeTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"pipex-ckpt-{Guid.NewGuid():N}");

    public CheckpointResumeTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // Every stateful policy at once: step-wise schedule (scaled by cuts), plateau, early stopping with best
    // weights, a divergence guard and the checkpoint itself. The model's steps carry seeded gradient noise.
    private static TrainingCallback[] Policies(string path) =>
    [
        new LearningRateScheduler(new CosineDecay(0.3, decaySteps: 200, minLearningRate: 0.01), ScheduleInterval.Step),
        new ReduceLROnPlateau { Factor = 0.5, Patience = 2, MinDelta = 0.002 },
        new EarlyStopping { Patience = 4, MinDelta = 0.001, RestoreBestWeights = true },
        new DivergenceGuard(),
        new Checkpointing(path),
    ];

    private static TrainingLoopOptions Options(string path, IProgress<EpochReport>? progress = null) => new()
    {
        Epochs = 14,
        BatchSize = 16,
        Seed = 77,
        Callbacks = Policies(path),
        Progress = progress,
    };

    private static SoftmaxRegressionModel NewModel() => new(seed: 8, separation: 1.2, gradientNoise: 0.2) { LearningRate = 0.3 };

    private static string Comparable(TrainingHistory history)
    {
        var json = history.ToJson();
        foreach (var epoch in json["epochs"]!.AsArray())
            epoch!["duration_ticks"] = 0;
        var events = json["events"]!.AsArray();
        for (int i = events.Count - 1; i >= 0; i--)
            if (events[i]!["kind"]!.GetValue<string>() == nameof(TrainingEventKind.Resumed))
                events.RemoveAt(i);
        return json.ToJsonString();
    }

    [Fact]
    public void Resume_after_an_interruption_between_epochs_is_bit_identical()
    {
        var reference = NewModel();
        var referenceHistory = TrainingLoop.Run(reference, Options(Path.Combine(_dir, "reference.ckpt")));
        Assert.True(referenceHistory.Epochs.Count >= 6, "the scenario should run several epochs");
        Assert.NotEmpty(referenceHistory.EventsOf(TrainingEventKind.LearningRateChanged));

        string path = Path.Combine(_dir, "run.ckpt");
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress(r =>
        {
            if (r.Epoch == 3)
                cts.Cancel();
        });
        var interrupted = NewModel();
        Assert.ThrowsAny<OperationCanceledException>(() => TrainingLoop.Run(interrupted, Options(path, progress), cts.Token));
        Assert.True(File.Exists(path));

        // A new process: fresh model (other initial weights, too) and fresh callbacks.
        var resumed = new SoftmaxRegressionModel(seed: 8, separation: 1.2, gradientNoise: 0.2) { LearningRate = 123 };
        var history = TrainingLoop.Run(resumed, Options(path));

        Assert.Equal(reference.Weights.ToArray(), resumed.Weights.ToArray());
        Assert.Equal(reference.LearningRate, resumed.LearningRate);
        Assert.Equal(Comparable(referenceHistory), Comparable(history));
        Assert.Single(history.EventsOf(TrainingEventKind.Resumed));
    }

    [Fact]
    public void Resume_after_a_crash_in_the_middle_of_an_epoch_is_bit_identical()
    {
        var reference = NewModel();
        var referenceHistory = TrainingLoop.Run(reference, Options(Path.Combine(_dir, "reference.ckpt")));

        string path = Path.Combine(_dir, "crash.ckpt");
        using var cts = new CancellationTokenSource();
        // 15 steps per epoch: stop inside epoch 5 (the checkpoint holds epochs 1-4).
        var crashing = new RecordingModel(NewModel()) { CancelAfter = cts, CancelAfterSteps = 4 * 15 + 7 };
        Assert.ThrowsAny<OperationCanceledException>(() => TrainingLoop.Run(crashing, Options(path), cts.Token));

        var resumed = NewModel();
        var history = TrainingLoop.Run(resumed, Options(path));
        Assert.Equal(reference.Weights.ToArray(), resumed.Weights.ToArray());
        Assert.Equal(Comparable(referenceHistory), Comparable(history));
    }

    [Fact]
    public void Resuming_a_finished_run_changes_nothing()
    {
        string path = Path.Combine(_dir, "done.ckpt");
        var first = NewModel();
        var firstHistory = TrainingLoop.Run(first, Options(path));
        var again = NewModel();
        var history = TrainingLoop.Run(again, Options(path));
        Assert.Equal(first.Weights.ToArray(), again.Weights.ToArray());
        Assert.Equal(firstHistory.Epochs.Count, history.Epochs.Count);
        Assert.Equal(firstHistory.StopReason, history.StopReason);
    }

    [Fact]
    public void A_checkpoint_of_another_run_is_refused_with_the_difference_named()
    {
        string path = Path.Combine(_dir, "other.ckpt");
        TrainingLoop.Run(NewModel(), new TrainingLoopOptions { Epochs = 1, BatchSize = 16, Seed = 77, Callbacks = Policies(path) });
        var e = Assert.Throws<CheckpointException>(() =>
            TrainingLoop.Run(NewModel(), new TrainingLoopOptions { Epochs = 2, BatchSize = 32, Seed = 77, Callbacks = Policies(path) }));
        Assert.Contains("batch size", e.Message);
        Assert.Contains("16", e.Message);
    }

    [Fact]
    public void A_damaged_checkpoint_is_reported_not_half_loaded()
    {
        string path = Path.Combine(_dir, "damaged.ckpt");
        File.WriteAllText(path, "not a zip");
        var model = NewModel();
        var before = model.Weights.ToArray();
        var e = Assert.Throws<CheckpointException>(() => TrainingLoop.Run(model, Options(path)));
        Assert.Contains(path, e.Message);
        Assert.Equal(before, model.Weights.ToArray());
    }

    [Fact]
    public void A_failed_write_leaves_the_previous_checkpoint_intact_and_no_temporary_file()
    {
        string path = Path.Combine(_dir, "atomic.ckpt");
        TrainingLoop.Run(NewModel(), new TrainingLoopOptions { Epochs = 1, BatchSize = 16, Seed = 77, Callbacks = Policies(path) });
        byte[] before = File.ReadAllBytes(path);
        var failing = new FailingWriteModel(NewModel());
        Assert.Throws<IOException>(() => TrainingLoop.Run(failing, new TrainingLoopOptions
        {
            Epochs = 1,
            BatchSize = 16,
            Seed = 77,
            Callbacks = Policies(Path.Combine(_dir, "atomic.ckpt")).Take(4).Append(new Checkpointing(path) { Resume = false }).ToArray(),
        }));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_dir, "*atomic*"));
        using var zip = ZipFile.OpenRead(path);
        Assert.NotNull(zip.GetEntry("checkpoint.json"));
    }

    private sealed class SyncProgress(Action<EpochReport> action) : IProgress<EpochReport>
    {
        public void Report(EpochReport value) => action(value);
    }

    private sealed class FailingWriteModel(SoftmaxRegressionModel inner) : ITrainableModel
    {
        public int ClassCount => inner.ClassCount;

        public double LearningRate { get => inner.LearningRate; set => inner.LearningRate = value; }

        public int RowCount(DataPart part) => inner.RowCount(part);

        public ReadOnlySpan<int> Labels(DataPart part) => inner.Labels(part);

        public double TrainBatch(in TrainingBatch batch, Span<int> predictedClasses) => inner.TrainBatch(batch, predictedClasses);

        public double Evaluate(DataPart part, Span<int> predictedClasses) => inner.Evaluate(part, predictedClasses);

        public bool ParametersAreFinite() => inner.ParametersAreFinite();

        public IModelSnapshot CaptureSnapshot(SnapshotScope scope) => inner.CaptureSnapshot(scope);

        public void RestoreSnapshot(IModelSnapshot snapshot) => inner.RestoreSnapshot(snapshot);

        public void WriteSnapshot(IModelSnapshot snapshot, Stream destination)
        {
            destination.Write(new byte[100]);
            throw new IOException("disk full (simulated)");
        }

        public IModelSnapshot ReadSnapshot(Stream source) => inner.ReadSnapshot(source);
    }
}
