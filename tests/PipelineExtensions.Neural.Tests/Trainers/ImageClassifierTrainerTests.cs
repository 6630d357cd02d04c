using PipelineExtensions.Data;
using PipelineExtensions.Neural.Networks;
using PipelineExtensions.Neural.Trainers;
using PipelineExtensions.Training;

namespace PipelineExtensions.Neural.Tests.Trainers;

public class ImageClassifierTrainerTests
{
    private static ImageClassifierOptions Options(int epochs = 4) => new()
    {
        Epochs = epochs,
        BatchSize = 32,
        LearningRate = 3e-3,
        Seed = 2,
        Threads = 2,
    };

    [Fact]
    public void Small_cnn_learns_where_the_bright_quadrant_is()
    {
        var ctx = new PipelineContext(seed: 1);
        var model = ctx.Trainers.ImageClassifier(Options()).Fit(TrainerData.Quadrants(400, seed: 1));
        double accuracy = TrainerData.Accuracy(model.Transform(TrainerData.Quadrants(200, seed: 2)));
        Assert.True(accuracy > 0.95, $"accuracy {accuracy}");
        Assert.IsType<ImageType>(model.FeatureType);
    }

    [Fact]
    public void Small_resnet_and_a_user_network_train()
    {
        var ctx = new PipelineContext(seed: 1);
        var data = TrainerData.Quadrants(200, seed: 1);
        var o = Options(3);
        o.Architecture = ImageArchitecture.SmallResNet;
        var resnet = ctx.Trainers.ImageClassifier(o).Fit(data);
        Assert.True(resnet.History!.Epochs[^1].Train.Loss < resnet.History.Epochs[0].Train.Loss);

        var custom = Options(3);
        custom.Network = (image, classes, seed) => Architectures.Mlp(image.Size, [32], classes, seed: seed);
        var flat = ctx.Trainers.ImageClassifier(custom);
        var e = Assert.Throws<Neural.Tensors.ShapeMismatchException>(() => flat.Fit(data));   // an MLP cannot take [N, 1, 8, 8]
        Assert.Contains("8", e.Message);
        custom.Network = (image, classes, seed) => new NetworkBuilder(new Neural.Tensors.TensorShape(image.Channels, image.Height, image.Width), seed)
            .Flatten().Dense(32).ReLU().Dense(classes).Build();
        var model = ctx.Trainers.ImageClassifier(custom).Fit(data);
        Assert.True(TrainerData.Accuracy(model.Transform(data)) > 0.9);
        custom.Network = (image, classes, seed) => new NetworkBuilder(new Neural.Tensors.TensorShape(image.Channels, image.Height, image.Width), seed)
            .Flatten().Dense(classes + 1).Build();
        Assert.Contains("[N, 4]", Assert.Throws<InvalidOperationException>(() => ctx.Trainers.ImageClassifier(custom).Fit(data)).Message);
    }

    [Fact]
    public void Online_augmentation_changes_training_but_not_prediction_inputs()
    {
        var ctx = new PipelineContext(seed: 1);
        var data = TrainerData.Quadrants(200, seed: 1);
        var plain = ctx.Trainers.ImageClassifier(Options(2)).Fit(data);
        var o = Options(2);
        o.Augmentation = ctx.Augmentation.Compose(ctx.Augmentation.RandomFlip(Augmentation.FlipMode.Horizontal));
        var augmented = ctx.Trainers.ImageClassifier(o).Fit(data);
        Assert.NotEqual(plain.History!.Series(MetricNames.Loss), augmented.History!.Series(MetricNames.Loss));
        // Same seed, same augmentation: the run repeats exactly.
        var again = new PipelineContext(seed: 1).Trainers.ImageClassifier(o).Fit(data);
        Assert.Equal(augmented.History.Series(MetricNames.Loss), again.History!.Series(MetricNames.Loss));
    }

    [Fact]
    public void The_LR_range_test_suggests_a_rate_that_trains_well()
    {
        var ctx = new PipelineContext(seed: 1);
        var data = TrainerData.Quadrants(400, seed: 5);
        var o = Options(2);
        o.Optimizer = NeuralOptimizerKind.Sgd;
        var trainer = ctx.Trainers.ImageClassifier(o);
        var result = trainer.FindLearningRate(data, new LearningRateFinderOptions { StartLearningRate = 1e-5, EndLearningRate = 100, Steps = 60, BatchSize = 32, Seed = 1 });
        Assert.True(result.Diverged, "the sweep up to 100 should blow up");
        double suggested = result.Suggested!.Value;
        Assert.InRange(suggested, 1e-3, 10);
        o.LearningRate = suggested;
        var model = ctx.Trainers.ImageClassifier(o).Fit(data);
        Assert.True(TrainerData.Accuracy(model.Transform(data)) > 0.9, $"accuracy at lr {suggested}");
    }

    [Fact]
    public void Mixup_trains_on_soft_targets()
    {
        var ctx = new PipelineContext(seed: 1);
        var data = TrainerData.Quadrants(320, seed: 6);
        var plain = ctx.Trainers.ImageClassifier(Options(4)).Fit(data);
        var o = Options(4);
        o.Augmentation = ctx.Augmentation.Compose(ctx.Augmentation.Mixup(alpha: 1.0));
        var mixed = ctx.Trainers.ImageClassifier(o).Fit(data);
        // Mixed targets cannot be fitted exactly: the training loss stays well above the plain run's,
        // while predictions on clean images are still right.
        Assert.True(mixed.History!.Epochs[^1].Train.Loss > 2 * plain.History!.Epochs[^1].Train.Loss,
            $"mixup loss {mixed.History.Epochs[^1].Train.Loss}, plain {plain.History.Epochs[^1].Train.Loss}");
        Assert.True(TrainerData.Accuracy(mixed.Transform(data)) > 0.9);
    }

    [Fact]
    public void A_vector_column_is_not_an_image()
    {
        var data = TrainerData.Blobs(20, 2, 4, 2, seed: 1);
        var e = Assert.Throws<SchemaMismatchException>(() => new PipelineContext(1).Trainers.ImageClassifier(imageColumnName: "Features").Fit(data));
        Assert.Equal("Features", e.Column);
        Assert.Equal("Image", e.Expected);
    }

    [Fact]
    public void Too_high_learning_rate_is_recovered_by_the_default_divergence_guard()
    {
        var o = Options(3);
        o.Optimizer = NeuralOptimizerKind.Sgd;
        o.Momentum = 0.9;
        o.LearningRate = 20;
        var model = new PipelineContext(1).Trainers.ImageClassifier(o).Fit(TrainerData.Quadrants(200, seed: 1));
        var history = model.History!;
        Assert.NotEmpty(history.EventsOf(TrainingEventKind.DivergenceRecovered));
        Assert.All(history.Epochs, e => Assert.True(double.IsFinite(e.Train.Loss)));
        Assert.True(model.Network.Parameters().All(p => p.Value.ToArray().All(float.IsFinite)));
        Assert.True(history.Epochs[^1].Validation!.Accuracy > 0.9, $"accuracy {history.Epochs[^1].Validation!.Accuracy}");
    }

    [Fact]
    public void An_interrupted_fit_resumes_from_its_checkpoint_with_identical_predictions()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"pipex-trainer-ckpt-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var data = TrainerData.Quadrants(160, seed: 3);
            ImageClassifierOptions WithPolicies(string path, IProgress<EpochReport>? progress = null, CancellationToken token = default)
            {
                var o = Options(6);
                o.Callbacks = [new ReduceLROnPlateau { Factor = 0.5, Patience = 1, MinDelta = 0.05 }, new EarlyStopping { Patience = 4, RestoreBestWeights = true }, new Checkpointing(path)];
                o.Progress = progress;
                o.CancellationToken = token;
                return o;
            }
            var reference = new PipelineContext(1).Trainers.ImageClassifier(WithPolicies(Path.Combine(dir, "a.ckpt"))).Fit(data);

            string path = Path.Combine(dir, "b.ckpt");
            using var cts = new CancellationTokenSource();
            var progress = new SyncProgress(r =>
            {
                if (r.Epoch == 2)
                    cts.Cancel();
            });
            Assert.ThrowsAny<OperationCanceledException>(() => new PipelineContext(1).Trainers.ImageClassifier(WithPolicies(path, progress, cts.Token)).Fit(data));
            var resumed = new PipelineContext(1).Trainers.ImageClassifier(WithPolicies(path)).Fit(data);

            Assert.Equal(reference.Transform(data).GetColumn<VectorColumn>("Score").Data.ToArray(), resumed.Transform(data).GetColumn<VectorColumn>("Score").Data.ToArray());
            Assert.Equal(reference.History!.Series(MetricNames.ValidationLoss), resumed.History!.Series(MetricNames.ValidationLoss));
            Assert.Equal(reference.History.LearningRates, resumed.History.LearningRates);
            Assert.Single(resumed.History.EventsOf(TrainingEventKind.Resumed));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private sealed class SyncProgress(Action<EpochReport> action) : IProgress<EpochReport>
    {
        public void Report(EpochReport value) => action(value);
    }
}
