using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PipelineExtensions.Cli.Progress;
using PipelineExtensions.Cli.Remedies;
using PipelineExtensions.Data;
using PipelineExtensions.Data.Samples;
using PipelineExtensions.Diagnostics;
using PipelineExtensions.Neural.Trainers;

namespace PipelineExtensions.Cli.Demo;

/// <summary>
/// The demo's core, without the console: a step-imbalanced Fashion-MNIST subset from the embedded balanced sample,
/// a plain multilayer perceptron trained on it, the plateau doctor's diagnosis of that run (from its history, its
/// data and its validation predictions only), the remedies applied and the model retrained, both scored on the
/// embedded class-balanced test set.
/// </summary>
public static class DemoRunner
{
    /// <summary>The label column of the embedded sample.</summary>
    public const string Label = "Label";

    /// <summary>The image column of the embedded sample.</summary>
    public const string Image = "Image";

    /// <summary>Runs the demo.</summary>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="progress">Progress of the long steps; null for none.</param>
    /// <param name="loggerFactory">Where the steps log; null for none.</param>
    public static DemoResult Run(DemoOptions? options = null, IRunProgress? progress = null, ILoggerFactory? loggerFactory = null)
    {
        options ??= new DemoOptions();
        options.Validate();
        progress ??= SilentRunProgress.Instance;
        var clock = Stopwatch.StartNew();
        var ctx = new PipelineContext(options.Seed, loggerFactory);
        var log = ctx.LoggerFactory.CreateLogger("pipex.demo");

        var source = SampleData.FashionMnistTrain();
        var available = source.GetColumn<KeyColumn>(Label).CountPerClass();
        var counts = ImbalancedSubset.Counts(available, options.LargestClass, options.ImbalanceRatio, options.Seed);
        var subset = ImbalancedSubset.Draw(source, Label, counts, options.Seed);
        // Training data as collected (imbalanced); validation and test rows as the model will meet them (balanced):
        // the embedded test sample split in half, stratified.
        var held = ctx.Data.StratifiedTrainValidationSplit(SampleData.FashionMnistTest(), Label, 0.5, options.Seed);
        var (train, validation, test) = (subset, held.Train, held.Validation);
        var classNames = train.GetColumn<KeyColumn>(Label).KeyType.ClassNames;
        log.LogInformation("Imbalanced training subset: {Rows} rows, largest : smallest class {Ratio:0.#}; {Validation} validation and {Test} test rows, balanced",
            train.RowCount, counts.Max() / (double)counts.Min(), validation.RowCount, test.RowCount);

        MlpTrainerOptions Baseline() => new()
        {
            LabelColumnName = Label,
            FeatureColumnName = Image,
            HiddenLayers = options.HiddenLayers,
            Epochs = options.Epochs,
            BatchSize = options.BatchSize,
            LearningRate = options.LearningRate,
            ValidationFraction = 0,
            Seed = options.Seed,
        };

        var plainOptions = Baseline();
        var plain = progress.Train("Plain model", plainOptions.Epochs, p =>
        {
            plainOptions.Progress = p;
            return ctx.Trainers.MultilayerPerceptron(plainOptions).Fit(train, validation);
        });
        var plainHistory = plain.History!;

        // The doctor sees what a user has: the run's history, its data and its predictions on the validation rows.
        var diagnosis = progress.Step("Diagnosing the plain run", _ => ctx.Diagnostics.Diagnose(
            plainHistory,
            new DiagnosisData(train, validation, Label, Image),
            DiagnosisPredictions.FromTable(plain.Transform(validation), Label)));
        log.LogInformation("Diagnosis: {Findings} findings, top: {Top}", diagnosis.Findings.Count, diagnosis.Top?.Title ?? "none");

        var remedied = AutoRemedy.Retrain(ctx, AutoRemedy.Plan(diagnosis), Baseline, o => ctx.Trainers.MultilayerPerceptron(o), train, validation, progress);
        var (plainTest, remediedTest) = progress.Step("Scoring both models on the balanced test set", report =>
        {
            var before = Evaluation.Of(plain, test, Label);
            report(0.5);
            return (before, Evaluation.Of(remedied.Model, test, Label));
        });
        return new DemoResult
        {
            ClassNames = classNames,
            Train = train,
            Validation = validation,
            Test = test,
            TrainCounts = train.GetColumn<KeyColumn>(Label).CountPerClass(),
            TrainCountsAfter = AutoRemedy.CountsAfterTrainOnlySteps(remedied.Plan, train, Label),
            PlainHistory = plainHistory,
            PlainTest = plainTest,
            Diagnosis = diagnosis,
            Remedied = remedied,
            RemediedTest = remediedTest,
            Elapsed = clock.Elapsed,
        };
    }
}
