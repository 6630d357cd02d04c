using PipelineExtensions.Augmentation;
using PipelineExtensions.Data;
using PipelineExtensions.Data.Samples;
using PipelineExtensions.Diagnostics;
using PipelineExtensions.Neural.Diagnostics;
using PipelineExtensions.Neural.Trainers;
using PipelineExtensions.Pipeline;
using PipelineExtensions.Sampling;
using PipelineExtensions.Training;
using PipelineExtensions.Weighting;
using static PipelineExtensions.Diagnostics.RemedyParameter;

namespace PipelineExtensions.Neural.Tests.Diagnostics;

public sealed class RemedyApplierTests
{
    // 40 rows of class 0, 20 of class 1 and 3 of every other class: imbalanced images.
    private static DataTable Imbalanced()
    {
        var source = SampleData.FashionMnistTrain();
        var labels = source.GetColumn<KeyColumn>("Label");
        var taken = new int[10];
        var rows = new List<int>();
        for (int i = 0; i < labels.Length; i++)
        {
            int c = labels[i], limit = c == 0 ? 40 : c == 1 ? 20 : 3;
            if (taken[c]++ < limit)
                rows.Add(i);
        }
        return source.Gather(rows.ToArray());
    }

    private static MlpTrainerOptions Mlp() => new() { FeatureColumnName = "Image", LearningRate = 1e-3 };

    private static Remedy R(RemedyKind kind, PipelineStage stage, params RemedyParameter[] parameters) => new(kind, stage, "test", "test", parameters);

    [Fact]
    public void The_imbalance_findings_remedies_become_a_sampler_and_the_redundant_weights_are_left_out()
    {
        var train = Imbalanced();
        var ctx = new PipelineContext(seed: 1);
        var diagnosis = ctx.Diagnostics.Diagnose(null, new DiagnosisData(train, null, "Label", "Image"));
        Assert.True(diagnosis.Has(FindingKind.ClassImbalance));

        var plan = RemedyApplier.Apply(ctx, diagnosis.Remedies, Mlp(), train.Schema);

        var sampler = Assert.Single(plan.Steps.OfType<RandomOverSampler>());
        Assert.Contains(plan.Outcomes, o => o.Remedy.Kind == RemedyKind.ClassWeights && !o.Applied && o.Change.Contains("over-correct"));
        Assert.Contains(plan.Outcomes, o => o.Remedy.Kind == RemedyKind.MonitorBalancedAccuracy && !o.Applied);
        var counts = sampler.ApplyForTraining(train).GetColumn<KeyColumn>("Label").CountPerClass();
        Assert.All(counts, c => Assert.Equal(40, c));
        Assert.Null(plan.TrainerOptions.ExampleWeightColumnName);
    }

    [Fact]
    public void Trial_choices_override_the_suggested_values()
    {
        var train = Imbalanced();
        var ctx = new PipelineContext(seed: 1);
        var remedies = new[]
        {
            R(RemedyKind.ClassWeights, PipelineStage.Weighting, Choice("Scheme", "Balanced", "Balanced", "InverseSquareRoot")),
            R(RemedyKind.EarlyStopping, PipelineStage.Callbacks, Fixed("Monitor", "val_loss"), Numeric("Patience", 5, 2, 15), Fixed("RestoreBestWeights", "true")),
            R(RemedyKind.ReduceLROnPlateau, PipelineStage.Callbacks, Fixed("Monitor", "val_loss"), Numeric("Factor", 0.5, 0.1, 0.7), Numeric("Patience", 2, 1, 4)),
            R(RemedyKind.MonitorBalancedAccuracy, PipelineStage.Callbacks, Fixed("Monitor", "val_balanced_accuracy")),
            R(RemedyKind.LowerLearningRate, PipelineStage.Optimizer, Numeric("LearningRateFactor", 0.1, 0.01, 0.5, logScale: true)),
        };
        var choices = new Dictionary<string, object>
        {
            ["ClassWeights.Scheme"] = "InverseSquareRoot",
            ["EarlyStopping.Patience"] = 7L,       // AutoML integer dimensions come as long
            ["ReduceLROnPlateau.Factor"] = 0.25,
        };

        var plan = RemedyApplier.Apply(ctx, remedies, Mlp(), train.Schema, choices);

        var weights = Assert.IsType<ClassWeightEstimator>(Assert.Single(plan.Steps));
        Assert.Equal(RemedyApplier.WeightColumnName, plan.TrainerOptions.ExampleWeightColumnName);
        var weighted = weights.Fit(train).Transform(train).GetColumn<ScalarColumn<float>>(RemedyApplier.WeightColumnName);
        // Inverse square root: a class of 3 rows weighs sqrt(40 / 3) times a class of 40.
        var labels = train.GetColumn<KeyColumn>("Label");
        int small = Enumerable.Range(0, labels.Length).First(i => labels[i] == 9), large = Enumerable.Range(0, labels.Length).First(i => labels[i] == 0);
        Assert.Equal(Math.Sqrt(40.0 / 3), weighted[small] / weighted[large], 4);

        var callbacks = plan.TrainerOptions.Callbacks;
        var reduce = Assert.IsType<ReduceLROnPlateau>(callbacks[0]);
        var stop = Assert.IsType<EarlyStopping>(callbacks[1]);
        Assert.Equal(MetricNames.ValidationBalancedAccuracy, reduce.Monitor);
        Assert.Equal(MetricNames.ValidationBalancedAccuracy, stop.Monitor);
        Assert.Equal(0.25, reduce.Factor);
        Assert.Equal(2, reduce.Patience);
        Assert.Equal(7, stop.Patience);
        Assert.True(stop.RestoreBestWeights);
        Assert.Equal(1e-4, plan.TrainerOptions.LearningRate, 12);
        Assert.All(plan.Outcomes, o => Assert.True(o.Applied, o.ToString()));
    }

    [Fact]
    public void A_choice_outside_the_remedys_choices_is_named()
    {
        var remedy = R(RemedyKind.OverSample, PipelineStage.Sampling, Choice("Sampler", "RandomOverSampler", "RandomOverSampler", "Smote"), Fixed("SamplingStrategy", "auto"));
        var e = Assert.Throws<ArgumentException>(() => RemedyApplier.Apply(new PipelineContext(1), [remedy], Mlp(), Imbalanced().Schema,
            new Dictionary<string, object> { ["OverSample.Sampler"] = "Adasyn" }));
        Assert.Contains("OverSample.Sampler", e.Message);
        Assert.Contains("RandomOverSampler, Smote", e.Message);
    }

    [Fact]
    public void Smote_adapts_its_neighbour_count_to_the_smallest_class()
    {
        var train = Imbalanced();
        var remedy = R(RemedyKind.OverSample, PipelineStage.Sampling, Choice("Sampler", "Smote", "RandomOverSampler", "Smote"), Fixed("SamplingStrategy", "auto"));
        var plan = RemedyApplier.Apply(new PipelineContext(1), [remedy], Mlp(), train.Schema);
        var step = Assert.IsAssignableFrom<ITrainOnlyEstimator>(Assert.Single(plan.Steps));
        // Classes of 3 rows: SMOTE with its default k = 5 would refuse; the remedy's uses k = 2.
        var counts = step.ApplyForTraining(train).GetColumn<KeyColumn>("Label").CountPerClass();
        Assert.All(counts, c => Assert.Equal(40, c));
    }

    [Fact]
    public void Augmentation_is_offline_for_the_mlp_online_for_the_cnn_and_left_out_without_images()
    {
        var train = Imbalanced();
        var augment = R(RemedyKind.Augment, PipelineStage.Augmentation,
            Choice("Augmentations", "RandomAffine+RandomErasing", "RandomAffine+RandomErasing", "RandomFlip+RandomCrop"), Numeric("Copies", 1, 1, 4));
        var ctx = new PipelineContext(1);

        var mlp = RemedyApplier.Apply(ctx, [augment], Mlp(), train.Schema, new Dictionary<string, object> { ["Augment.Copies"] = 2L });
        var offline = Assert.IsType<OfflineAugmentation>(Assert.Single(mlp.Steps));
        Assert.Equal(3 * train.RowCount, offline.ApplyForTraining(train).RowCount);
        Assert.Equal(["RandomAffine", "RandomErasing"], mlp.Augmentation!.Steps.Select(s => s.Name));

        var cnn = RemedyApplier.Apply(ctx, [augment], new ImageClassifierOptions(), train.Schema, new Dictionary<string, object> { ["Augment.Augmentations"] = "RandomFlip+RandomCrop" });
        Assert.Empty(cnn.Steps);
        Assert.Equal(["RandomFlip", "RandomCrop"], cnn.TrainerOptions.Augmentation!.Steps.Select(s => s.Name));

        var tabular = new DataTable(new VectorColumn("Features", ColumnType.Vector(2), new float[8]), new KeyColumn("Label", ColumnType.Key(["a", "b"]), [0, 1, 0, 1]));
        var none = RemedyApplier.Apply(ctx, [augment], new MlpTrainerOptions(), tabular.Schema);
        Assert.False(Assert.Single(none.Outcomes).Applied);
    }

    [Fact]
    public void Remedies_that_need_a_person_are_left_out_with_the_reason()
    {
        var review = R(RemedyKind.ReviewLabels, PipelineStage.Data, Numeric("Rows", 12));
        var plan = RemedyApplier.Apply(new PipelineContext(1), [review], Mlp(), Imbalanced().Schema);
        var outcome = Assert.Single(plan.Outcomes);
        Assert.False(outcome.Applied);
        Assert.Contains("review", outcome.Change);
        Assert.Empty(plan.Steps);
    }
}
