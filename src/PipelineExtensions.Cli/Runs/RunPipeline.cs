using PipelineExtensions.Cli.Config;
using PipelineExtensions.Data;
using PipelineExtensions.Diagnostics;
using PipelineExtensions.Neural.Diagnostics;
using PipelineExtensions.Neural.Trainers;
using PipelineExtensions.Pipeline;
using PipelineExtensions.Training;
using PipelineExtensions.Weighting;

namespace PipelineExtensions.Cli.Runs;

/// <summary>
/// Builds the pipeline a <see cref="RunConfig"/> describes — the data's prefix steps, the configured sampler,
/// augmentation and class weights, then the neural trainer with its callbacks — optionally with a diagnosis's
/// remedies applied on top (<see cref="RemedyApplier"/>).
/// </summary>
public static class RunPipeline
{
    /// <summary>The trainer options the config describes, with its callbacks.</summary>
    public static NeuralTrainerOptions Options(RunConfig config, RunData data)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(data);
        var t = config.Trainer;
        NeuralTrainerOptions options = t.Kind == "cnn"
            ? new ImageClassifierOptions { FeatureColumnName = data.Features, Dropout = t.Dropout ?? 0.5 }
            : new MlpTrainerOptions { FeatureColumnName = data.Features, HiddenLayers = t.HiddenLayers.ToArray(), Dropout = t.Dropout ?? 0 };
        options.LabelColumnName = data.Label;
        options.Epochs = t.Epochs;
        options.BatchSize = t.BatchSize;
        options.Optimizer = t.Optimizer switch { "adamw" => NeuralOptimizerKind.AdamW, "sgd" => NeuralOptimizerKind.Sgd, "rmsprop" => NeuralOptimizerKind.RmsProp, _ => NeuralOptimizerKind.Adam };
        options.LearningRate = t.LearningRate;
        options.WeightDecay = t.WeightDecay;
        options.LabelSmoothing = t.LabelSmoothing;
        options.Seed = t.Seed;
        options.ValidationFraction = 0;
        var callbacks = new List<TrainingCallback>();
        if (config.Callbacks.ReduceLrOnPlateau is { } lr)
            callbacks.Add(new ReduceLROnPlateau { Monitor = lr.Monitor, Factor = lr.Factor, Patience = lr.Patience });
        if (config.Callbacks.EarlyStopping is { } es)
            callbacks.Add(new EarlyStopping { Monitor = es.Monitor, Patience = es.Patience, RestoreBestWeights = es.RestoreBestWeights });
        options.Callbacks = callbacks;
        return options;
    }

    /// <summary>
    /// The configured steps before the trainer (sampler, augmentation, class weights) for <paramref name="options"/>
    /// (whose example-weight column or online augmentation they set).
    /// </summary>
    /// <exception cref="ConfigException">Augmentation is asked for but the features are not images.</exception>
    public static List<IEstimator<ITransformer>> Steps(PipelineContext context, RunConfig config, RunData data, NeuralTrainerOptions options, string configFile)
    {
        ArgumentNullException.ThrowIfNull(context);
        var p = config.Pipeline;
        var steps = new List<IEstimator<ITransformer>>();
        if (p.Sampler == "random_over_sampler")
            steps.Add(context.Sampling.RandomOverSampler(data.Features, data.Label));
        else if (p.Sampler == "smote")
            steps.Add(context.Sampling.Smote(data.Features, data.Label));
        if (p.Augmentation.Count > 0)
        {
            var type = data.Schema.TryGet(data.Features, out var column) ? column.Type : null;
            if (type is not ImageType image)
                throw new ConfigException(configFile, "$.pipeline.augmentation", $"augmentation needs image features; '{data.Features}' is {type?.DisplayName ?? "missing"}");
            var pipeline = RemedyAugmentations.Compose(context.Augmentation, p.Augmentation, image);
            if (options is ImageClassifierOptions cnn)
                cnn.Augmentation = pipeline;
            else
                steps.Add(context.Augmentation.AugmentImages(data.Features, pipeline, p.AugmentationCopies));
        }
        if (p.ClassWeights != "none")
        {
            var scheme = p.ClassWeights switch { "inverse_square_root" => ClassWeightScheme.InverseSquareRoot, "effective_number" => ClassWeightScheme.EffectiveNumber, _ => ClassWeightScheme.Balanced };
            steps.Add(context.Transforms.AddClassWeights(data.Label, "Weight", scheme));
            options.ExampleWeightColumnName = "Weight";
        }
        return steps;
    }

    /// <summary>The trainer for <paramref name="options"/>.</summary>
    public static IValidatingEstimator<NeuralClassifierModel> Trainer(PipelineContext context, NeuralTrainerOptions options) => options switch
    {
        MlpTrainerOptions mlp => context.Trainers.MultilayerPerceptron(mlp),
        ImageClassifierOptions cnn => context.Trainers.ImageClassifier(cnn),
        _ => throw new ArgumentException($"No trainer for {options.GetType().Name}.", nameof(options)),
    };

    /// <summary>Prefix, configured steps, remedy steps and trainer, as one chain.</summary>
    public static EstimatorChain<NeuralClassifierModel> Chain(IEnumerable<IEstimator<ITransformer>> steps, IEstimator<NeuralClassifierModel> trainer)
    {
        var chain = new EstimatorChain<ITransformer>();
        foreach (var step in steps)
            chain = chain.Append(step);
        return chain.Append(trainer);
    }
}
