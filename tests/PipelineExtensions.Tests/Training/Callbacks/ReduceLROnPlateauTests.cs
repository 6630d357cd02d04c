using PipelineExtensions.Tests.Training.Fakes;
using PipelineExtensions.Training;

namespace PipelineExtensions.Tests.Training.Callbacks;

/// <summary>Keras-behaviour traces worked by hand from keras/src/callbacks/reduce_lr_on_plateau.py (float64 metrics).</summary>
public class ReduceLROnPlateauTests
{
    private static readonly double[] Trace = [1.0, 0.9, 0.85, 0.85, 0.86, 0.84, 0.84, 0.84, 0.84, 0.84, 0.83, 0.83, 0.83, 0.83, 0.83, 0.83, 0.83, 0.83];

    private static List<double> Run(ReduceLROnPlateau plateau, double[] trace, double lr)
    {
        plateau.Reset();
        var rates = new List<double>();
        foreach (double v in trace)
        {
            lr = plateau.Observe(v, lr) ?? lr;
            rates.Add(lr);
        }
        return rates;
    }

    [Fact]
    public void Keras_default_cuts_after_patience_bad_epochs_and_last_cooldown_epoch_counts()
    {
        var plateau = new ReduceLROnPlateau { Factor = 0.2, Patience = 2, Cooldown = 1, MinLearningRate = 1e-5 };
        var rates = Run(plateau, Trace, 0.01);
        // e3 bad (wait 1), e4 bad (wait 2 → cut); e5 cooldown ends and improves; e6, e7 bad → cut;
        // e8 cooldown ends but counts (wait 1), e9 → cut; e10 improves; e11, e12 → cut; e13, e14 → cut to the floor 1e-5;
        // then lr == float32(min_lr) and no more cuts happen.
        double a = 0.01, b = a * 0.2, c = b * 0.2, d = c * 0.2, e = d * 0.2;
        double[] expected = [a, a, a, a, b, b, b, c, c, d, d, d, e, e, 1e-5, 1e-5, 1e-5, 1e-5];
        Assert.Equal(expected, rates);
    }

    [Fact]
    public void Keras_cooldown_one_does_not_pause_counting_but_cooldown_two_pauses_one_epoch()
    {
        double[] flat = [1, 1, 1, 1, 1, 1, 1];
        // patience 1: first epoch sets best; then every bad epoch that counts triggers a cut.
        var noCooldown = Run(new ReduceLROnPlateau { Factor = 0.5, Patience = 1 }, flat, 1);
        Assert.Equal([1, 0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625], noCooldown);
        var cooldown1 = Run(new ReduceLROnPlateau { Factor = 0.5, Patience = 1, Cooldown = 1 }, flat, 1);
        Assert.Equal([1, 0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625], cooldown1);
        var cooldown2 = Run(new ReduceLROnPlateau { Factor = 0.5, Patience = 1, Cooldown = 2 }, flat, 1);
        Assert.Equal([1, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125], cooldown2);
    }

    [Fact]
    public void PyTorch_cooldown_pauses_full_epochs()
    {
        double[] flat = [1, 1, 1, 1, 1, 1, 1];
        var cooldown1 = Run(new ReduceLROnPlateau { Behavior = PlateauBehavior.PyTorch, Factor = 0.5, Patience = 0, Cooldown = 1 }, flat, 1);
        Assert.Equal([1, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125], cooldown1);
    }

    [Fact]
    public void Absolute_versus_relative_threshold_decides_what_counts_as_improvement()
    {
        // An absolute 0.1 is first beaten by 99.85 (< 100 − 0.1); a relative 1e-4 (≈ 0.01) by every step.
        double[] trace = [100, 99.95, 99.9, 99.85];
        var absolute = Run(new ReduceLROnPlateau { Factor = 0.5, Patience = 1, MinDelta = 0.1 }, trace, 1);
        var relative = Run(new ReduceLROnPlateau { Factor = 0.5, Patience = 1, MinDelta = 1e-4, ThresholdMode = ThresholdMode.Relative }, trace, 1);
        Assert.Equal([1, 0.5, 0.25, 0.25], absolute);
        Assert.Equal([1, 1, 1, 1], relative);
    }

    [Fact]
    public void Max_mode_follows_accuracy_and_auto_mode_infers_it()
    {
        double[] accuracy = [0.5, 0.6, 0.6, 0.6, 0.7];
        var auto = new ReduceLROnPlateau { Monitor = MetricNames.ValidationAccuracy, Factor = 0.5, Patience = 2, MinDelta = 0 };
        Assert.Equal([1, 1, 1, 0.5, 0.5], Run(auto, accuracy, 1));
    }

    [Fact]
    public void PyTorch_eps_blocks_tiny_cuts_but_still_resets_the_counters()
    {
        var plateau = new ReduceLROnPlateau { Behavior = PlateauBehavior.PyTorch, Factor = 0.5, Patience = 0, Eps = 0.3 };
        plateau.Reset();
        Assert.Null(plateau.Observe(1, 0.5));      // first value: improvement
        Assert.Null(plateau.Observe(1, 0.5));      // bad: 0.5 → 0.25 is a cut of 0.25 ≤ eps, not applied
        Assert.Equal(0, plateau.Wait);
        Assert.Equal(0.5, plateau.Observe(1, 1.0)); // a cut of 0.5 > eps is applied
    }

    [Fact]
    public void Options_are_validated_with_the_parameter_name()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau { Factor = 1.0 });
        Assert.Contains("Factor", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau { Patience = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau { MinDelta = -0.1 });
    }

    [Fact]
    public void Monitoring_validation_loss_without_a_validation_set_fails_before_training()
    {
        var model = new NoValidationModel();
        var e = Assert.Throws<InvalidOperationException>(() => TrainingLoop.Run(model, new TrainingLoopOptions { Epochs = 2, Callbacks = [new ReduceLROnPlateau()] }));
        Assert.Contains("val_loss", e.Message);
        Assert.Contains("no validation set", e.Message);
        Assert.Equal(0, model.Steps);
    }

    [Fact]
    public void A_cut_survives_a_learning_rate_schedule()
    {
        // Constant-ish epoch schedule ×1; after the plateau cut the schedule's next value is scaled by 0.5.
        double[] trace = [1, 1, 1, 1, 1];
        var model = new ScriptedModel(trace) { LearningRate = 0.1 };
        var history = TrainingLoop.Run(model, new TrainingLoopOptions
        {
            Epochs = 5,
            BatchSize = 8,
            Callbacks = [new LearningRateScheduler(new StepDecay(0.1, stepSize: 100)), new ReduceLROnPlateau { Factor = 0.5, Patience = 1 }],
        });
        // Reports carry the rate the epoch trained at; the cut at an epoch's end shows in the next one.
        Assert.Equal([0.1, 0.1, 0.05, 0.025, 0.0125], history.LearningRates);
        Assert.Equal(0.00625, model.LearningRate);
    }

    private sealed class NoValidationModel : ITrainableModel
    {
        public int Steps;

        public int ClassCount => 2;

        public double LearningRate { get; set; }

        public int RowCount(DataPart part) => part == DataPart.Training ? 2 : 0;

        public ReadOnlySpan<int> Labels(DataPart part) => part == DataPart.Training ? new[] { 0, 1 } : [];

        public double TrainBatch(in TrainingBatch batch, Span<int> predictedClasses)
        {
            Steps++;
            return 0;
        }

        public double Evaluate(DataPart part, Span<int> predictedClasses) => 0;

        public bool ParametersAreFinite() => true;

        public IModelSnapshot CaptureSnapshot(SnapshotScope scope) => throw new NotSupportedException();

        public void RestoreSnapshot(IModelSnapshot snapshot) => throw new NotSupportedException();

        public void WriteSnapshot(IModelSnapshot snapshot, Stream destination) => throw new NotSupportedException();

        public IModelSnapshot ReadSnapshot(Stream source) => throw new NotSupportedException();
    }
}
