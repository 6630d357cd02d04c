using PipelineExtensions.AutoML.Experiments;
using PipelineExtensions.AutoML.Pruners;
using PipelineExtensions.AutoML.SearchSpaces;
using PipelineExtensions.AutoML.Tests.TestData;
using PipelineExtensions.AutoML.Trials;
using PipelineExtensions.AutoML.Tuners;
using PipelineExtensions.Data;
using PipelineExtensions.Neural.Trainers;
using PipelineExtensions.Pipeline;
using PipelineExtensions.Randomness;
using PipelineExtensions.Training;

namespace PipelineExtensions.AutoML.Tests.Experiments;

/// <summary>The pruning hook on the real MLP trainer: pruned trials stop their epoch loop early.</summary>
public class TrialPruningCallbackTests
{
    private static DataTable Blobs(int rows, int seed)
    {
        const int dim = 8;
        var random = new SeededRandom(seed);
        var features = new float[rows * dim];
        var labels = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            labels[i] = i % 3;
            for (int d = 0; d < dim; d++)
                features[i * dim + d] = (float)(random.NextGaussian() + (d % 3 == labels[i] ? 1.5 : 0));
        }
        return new DataTable(new VectorColumn("Features", ColumnType.Vector(dim), features), new KeyColumn("Label", ColumnType.Key(["a", "b", "c"]), labels));
    }

    [Fact]
    public void Pruned_trials_stop_their_training_loop_after_the_pruning_epoch()
    {
        var ctx = new PipelineContext(seed: 5);
        var train = Blobs(300, 1);
        var validation = Blobs(150, 2);
        const int epochs = 8;
        var epochsTrained = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var space = new SearchSpace().AddFloat("mlp.LearningRate", 1e-5, 0.3, log: true).AddCategorical("mlp.BatchSize", 16, 64);
        var sweep = ctx.AutoML.CreatePipelineSweep(space,
            (p, trial) =>
            {
                var options = OptionsBinder.Bind(p, new MlpTrainerOptions { HiddenLayers = [16], Epochs = epochs, Seed = 3, ValidationFraction = 0 }, "mlp.");
                if (trial is not null)
                {
                    options.Callbacks.Add(new TrialPruningCallback(trial, MetricNames.ValidationAccuracy));
                    options.Callbacks.Add(new EpochCounter(n => epochsTrained[trial.TrialNumber] = n));
                    options.Threads = trial.MaxThreads;
                    options.CancellationToken = trial.CancellationToken;
                }
                return ctx.Trainers.MultilayerPerceptron(options);
            },
            (model, valid) =>
            {
                var history = ((NeuralClassifierModel)model).History!;
                return history.Epochs[^1].GetMetric(MetricNames.ValidationAccuracy);
            },
            train, validation,
            new ExperimentOptions
            {
                MaxTrials = 12, Direction = OptimizationDirection.Maximize, Tuner = new RandomTuner(2), ThreadsPerTrial = 1,
                Pruner = new MedianPruner(startupTrials: 3, warmupSteps: 1),
            });
        var result = sweep.Run();
        var pruned = result.Trials.Where(t => t.State == TrialState.Pruned).ToList();
        Assert.NotEmpty(pruned);
        // A pruned trial's loop stopped right after the epoch at which it was pruned.
        Assert.All(pruned, t => Assert.InRange(t.IntermediateValues.Count, 2, epochs - 1));
        Assert.All(pruned, t => Assert.Equal(t.IntermediateValues.Count, epochsTrained[t.Number]));
        Assert.All(result.Trials.Where(t => t.State == TrialState.Complete), t => Assert.Equal(epochs, t.IntermediateValues.Count));
        Assert.True(result.BestTrial!.Value > 0.8, $"best {result.BestTrial}");
    }

    /// <summary>The history of one small MLP fit with a validation set (for the trailing-mean tests).</summary>
    internal static TrainingHistory TrainedHistory(int epochs)
    {
        var ctx = new PipelineContext(seed: 5);
        var options = new MlpTrainerOptions { HiddenLayers = [16], Epochs = epochs, Seed = 3, ValidationFraction = 0, LearningRate = 0.01 };
        var model = (NeuralClassifierModel)ctx.Trainers.MultilayerPerceptron(options).Fit(Blobs(300, 1), Blobs(150, 2));
        return model.History!;
    }

    // One blob sweep: the MLP reports val_accuracy (trailing mean over `window` epochs) and returns the same trailing mean.
    private static ExperimentResult BlobSweep(IPruner pruner, int window)
    {
        var ctx = new PipelineContext(seed: 5);
        var space = new SearchSpace().AddFloat("mlp.LearningRate", 1e-4, 0.3, log: true).AddCategorical("mlp.BatchSize", 16, 64);
        var sweep = ctx.AutoML.CreatePipelineSweep(space,
            (p, trial) =>
            {
                var options = OptionsBinder.Bind(p, new MlpTrainerOptions { HiddenLayers = [16], Epochs = 8, Seed = 3, ValidationFraction = 0 }, "mlp.");
                if (trial is not null)
                {
                    options.Callbacks.Add(new TrialPruningCallback(trial, MetricNames.ValidationAccuracy, window));
                    options.Threads = trial.MaxThreads;
                    options.CancellationToken = trial.CancellationToken;
                }
                return ctx.Trainers.MultilayerPerceptron(options);
            },
            (model, _) => HistoryObjective.TrailingMean(((NeuralClassifierModel)model).History!, MetricNames.ValidationAccuracy, window),
            Blobs(240, 1), Blobs(101, 2), // 101 validation rows: accuracies k/101, so trailing means are not round numbers
            new ExperimentOptions { MaxTrials = 12, Direction = OptimizationDirection.Maximize, Tuner = new RandomTuner(4), ThreadsPerTrial = 1, Pruner = pruner });
        return sweep.Run();
    }

    [Fact]
    public void Smoothed_live_sweep_equals_the_replay_of_its_raw_curves()
    {
        // The unpruned sweep with window 1 reports the raw per-epoch accuracy: its curves, as the benchmark records them.
        var raw = BlobSweep(new NoPruner(), window: 1);
        var recorded = new RecordedSweep
        {
            Description = "blobs", Seed = 4, Epochs = 8, Metric = MetricNames.ValidationAccuracy, Direction = OptimizationDirection.Maximize,
            Trials = raw.Trials.Select(t => new RecordedTrial(t.Number, "", t.IntermediateValues.OrderBy(kv => kv.Key).Select(kv => kv.Value).ToArray())).ToList(),
        };
        Assert.All(recorded.Trials, t => Assert.Equal(8, t.Curve.Length));
        foreach (var pruner in new Func<IPruner>[] { () => new AshaPruner(minResource: 1, reductionFactor: 3), () => new MedianPruner(startupTrials: 3, warmupSteps: 2) })
        {
            var live = BlobSweep(pruner(), window: 3);
            var replay = CurveReplay.Replay(recorded, pruner(), window: 3).Result;
            Assert.Contains(live.Trials, t => t.State == TrialState.Pruned);
            Assert.Equal(replay.Trials.Select(t => t.State), live.Trials.Select(t => t.State));
            // Every reported value, bit for bit: the trailing mean of the raw curve up to that epoch.
            for (int n = 0; n < live.Trials.Count; n++)
            {
                Assert.Equal(replay.Trials[n].IntermediateValues.OrderBy(kv => kv.Key), live.Trials[n].IntermediateValues.OrderBy(kv => kv.Key));
                foreach (var (step, value) in live.Trials[n].IntermediateValues)
                    Assert.Equal(HistoryObjective.TrailingMean(recorded.Trials[n].Curve.AsSpan(0, step + 1), 3), value);
            }
            Assert.Equal(replay.BestTrial!.Number, live.BestTrial!.Number);
            Assert.Equal(replay.BestTrial.Value, live.BestTrial.Value);
        }
        var smoothedUnpruned = BlobSweep(new NoPruner(), window: 3).BestTrial!;
        Assert.Equal(recorded.Best(3), (smoothedUnpruned.Number, smoothedUnpruned.Value!.Value));
    }

    private sealed class EpochCounter(Action<int> record) : TrainingCallback
    {
        private int _epochs;

        public override void OnTrainBegin(TrainingContext context) => _epochs = 0;

        public override void OnEpochEnd(TrainingContext context, EpochReport report) => record(++_epochs);
    }
}
