using PipelineExtensions.AutoML.Experiments;
using PipelineExtensions.AutoML.Pruners;
using PipelineExtensions.AutoML.SearchSpaces;
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

    private sealed class EpochCounter(Action<int> record) : TrainingCallback
    {
        private int _epochs;

        public override void OnTrainBegin(TrainingContext context) => _epochs = 0;

        public override void OnEpochEnd(TrainingContext context, EpochReport report) => record(++_epochs);
    }
}
