using System.Globalization;
using static PipelineExtensions.Diagnostics.RemedyParameter;

namespace PipelineExtensions.Diagnostics;

/// <summary>
/// The remedies the built-in detectors propose, written once so that the same change is described the same way
/// whichever finding asks for it (and <see cref="Diagnosis.Remedies"/> can merge them by kind).
/// </summary>
internal static class StandardRemedies
{
    private const string Trainer = "NeuralTrainerOptions";

    private static string G(double x) => x.ToString("G3", CultureInfo.InvariantCulture);

    public static Remedy OverSample() => new(RemedyKind.OverSample, PipelineStage.Sampling, "RandomOverSampler",
        "Add a train-only over-sampler before the trainer (ctx.Sampling.RandomOverSampler or Smote) so every class reaches the majority count.",
        [Choice("Sampler", "RandomOverSampler", "RandomOverSampler", "Smote"), Fixed("SamplingStrategy", "auto")]);

    public static Remedy ClassWeights() => new(RemedyKind.ClassWeights, PipelineStage.Weighting, "ClassWeightOptions",
        "Weight each example by its class (ctx.Transforms.AddClassWeights, scheme Balanced) and pass the weight column to the trainer.",
        [Choice("Scheme", "Balanced", "Balanced", "InverseSquareRoot", "EffectiveNumber")]);

    public static Remedy MonitorBalancedAccuracy() => new(RemedyKind.MonitorBalancedAccuracy, PipelineStage.Callbacks, "MonitorCallback",
        "Monitor val_balanced_accuracy in early stopping and reduce-on-plateau: plain accuracy rewards predicting the majority class.",
        [Fixed("Monitor", "val_balanced_accuracy")]);

    public static Remedy Augment() => new(RemedyKind.Augment, PipelineStage.Augmentation, "AugmentationPipeline",
        "Add random augmentation (flips, small affine transforms, erasing) so the model sees more variety per class.",
        [Choice("Augmentations", "RandomAffine+RandomErasing", "RandomAffine+RandomErasing", "RandomFlip+RandomCrop", "RandomAffine+RandomFlip+RandomErasing"),
         Numeric("Copies", 1, 1, 4)]);

    public static Remedy LowerLearningRate(double? current) => current is double lr && lr > 0
        ? new(RemedyKind.LowerLearningRate, PipelineStage.Optimizer, Trainer,
            $"Lower the learning rate from {G(lr)} to about {G(lr / 10)}.", [Numeric("LearningRate", lr / 10, lr / 100, lr / 2, logScale: true)])
        : new(RemedyKind.LowerLearningRate, PipelineStage.Optimizer, Trainer,
            "Lower the learning rate about tenfold.", [Numeric("LearningRateFactor", 0.1, 0.01, 0.5, logScale: true)]);

    public static Remedy RaiseLearningRate(double? current) => current is double lr && lr > 0
        ? new(RemedyKind.RaiseLearningRate, PipelineStage.Optimizer, Trainer,
            $"Raise the learning rate from {G(lr)} to about {G(lr * 10)}.", [Numeric("LearningRate", lr * 10, lr * 3, lr * 100, logScale: true)])
        : new(RemedyKind.RaiseLearningRate, PipelineStage.Optimizer, Trainer,
            "Raise the learning rate about tenfold.", [Numeric("LearningRateFactor", 10, 3, 100, logScale: true)]);

    public static Remedy RangeTest(double? current)
    {
        double lr = current is > 0 ? current.Value : 1e-3;
        return new(RemedyKind.LearningRateRangeTest, PipelineStage.Optimizer, "LearningRateFinderOptions",
            $"Run the learning-rate range test from {G(lr / 10)} to {G(lr * 1000)} and take its suggestion.",
            [Numeric("MinLearningRate", lr / 10), Numeric("MaxLearningRate", lr * 1000)]);
    }

    public static Remedy ReduceOnPlateau(string monitor, int patience) => new(RemedyKind.ReduceLROnPlateau, PipelineStage.Callbacks, "ReduceLROnPlateau",
        $"Add ReduceLROnPlateau on {monitor}: halve the learning rate after {patience} epochs without improvement.",
        [Fixed("Monitor", monitor), Numeric("Factor", 0.5, 0.1, 0.7), Numeric("Patience", patience, 1, Math.Max(2, patience * 2))]);

    public static Remedy GradientClipping() => new(RemedyKind.GradientClipping, PipelineStage.Optimizer, Trainer,
        "Clip the gradient norm at 1 so single bad batches cannot throw the weights far.",
        [Numeric("GradientClipNorm", 1.0, 0.1, 10, logScale: true)]);

    public static Remedy EarlyStopping(string monitor, int patience, int? bestEpoch) => new(RemedyKind.EarlyStopping, PipelineStage.Callbacks, "EarlyStopping",
        $"Add EarlyStopping on {monitor} with patience {patience} and RestoreBestWeights"
        + (bestEpoch is int b ? $": the best weights were those of epoch {b + 1}." : "."),
        [Fixed("Monitor", monitor), Numeric("Patience", patience, 2, Math.Max(3, patience * 3)), Fixed("RestoreBestWeights", "true")]);

    public static Remedy WeightDecay() => new(RemedyKind.WeightDecay, PipelineStage.Regularization, Trainer,
        "Add weight decay (L2) to keep the weights small.", [Numeric("WeightDecay", 1e-4, 1e-6, 1e-2, logScale: true)]);

    public static Remedy Dropout() => new(RemedyKind.Dropout, PipelineStage.Regularization, "MlpTrainerOptions",
        "Add dropout before the output layer.", [Numeric("Dropout", 0.3, 0.1, 0.5)]);

    public static Remedy ReduceRegularization() => new(RemedyKind.ReduceRegularization, PipelineStage.Regularization, Trainer,
        "Loosen regularisation: remove weight decay and lower dropout, which may be holding the model back.",
        [Numeric("WeightDecay", 0, 0, 1e-5), Numeric("Dropout", 0, 0, 0.2)]);

    public static Remedy LabelSmoothing() => new(RemedyKind.LabelSmoothing, PipelineStage.Regularization, Trainer,
        "Use label smoothing so a few wrong labels cannot drive the loss.", [Numeric("LabelSmoothing", 0.1, 0.05, 0.2)]);

    public static Remedy IncreaseCapacity() => new(RemedyKind.IncreaseCapacity, PipelineStage.Model, "MlpTrainerOptions",
        "Make the model larger (wider or more hidden layers, or a larger architecture).",
        [Numeric("CapacityFactor", 2, 1, 8, logScale: true)]);

    public static Remedy NormalizeFeatures() => new(RemedyKind.NormalizeFeatures, PipelineStage.Data, "NormalizerKind",
        "Standardise the features (zero mean, unit variance) before the trainer.",
        [Choice("Kind", "MeanVariance", "MeanVariance", "MinMax")]);

    public static Remedy RemoveLeakedRows(int rows) => new(RemedyKind.RemoveLeakedRows, PipelineStage.Data, "DataTable",
        $"Drop the {rows} validation rows that also occur in the training data (or split again after de-duplicating).",
        [Fixed("Split", "validation"), Numeric("Rows", rows)]);

    public static Remedy DropConstantFeatures(int features) => new(RemedyKind.DropConstantFeatures, PipelineStage.Data, "DataTable",
        $"Drop the {features} constant feature dimensions: they carry no information.", [Numeric("Features", features)]);

    public static Remedy ImputeMissing() => new(RemedyKind.ImputeMissing, PipelineStage.Data, "DataTable",
        "Replace NaN and infinite feature values (training-set mean per feature) or drop those rows before training.",
        [Choice("Strategy", "Mean", "Mean", "Median", "Zero", "DropRows")]);

    public static Remedy DropUnlabeledRows(int rows) => new(RemedyKind.DropUnlabeledRows, PipelineStage.Data, "DataTable",
        $"Drop the {rows} rows without a label.", [Numeric("Rows", rows)]);

    public static Remedy ReviewLabels(int rows) => new(RemedyKind.ReviewLabels, PipelineStage.Data, "DataTable",
        $"Review the {rows} suspect rows: relabel or drop them.", [Numeric("Rows", rows)]);

    public static Remedy CleanNoisyRows(int neighbours) => new(RemedyKind.CleanNoisyRows, PipelineStage.Sampling, "EditedNearestNeighboursOptions",
        "Add an Edited-Nearest-Neighbours cleaner (train-only) that drops rows their neighbours outvote.",
        [Fixed("Sampler", "EditedNearestNeighbours"), Numeric("NeighbourCount", Math.Min(neighbours, 3), 3, 7)]);
}
