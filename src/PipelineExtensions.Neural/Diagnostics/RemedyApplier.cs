using System.Globalization;
using PipelineExtensions.Augmentation;
using PipelineExtensions.Data;
using PipelineExtensions.Diagnostics;
using PipelineExtensions.Neural.Trainers;
using PipelineExtensions.Pipeline;
using PipelineExtensions.Training;
using PipelineExtensions.Weighting;

namespace PipelineExtensions.Neural.Diagnostics;

/// <summary>
/// Applies a diagnosis's remedies (<see cref="Diagnosis.Remedies"/>) to a neural training pipeline: samplers, class
/// weights, augmentation and normalisation become steps before the trainer; learning-rate, regularisation and
/// callback remedies change the trainer's options. Each remedy takes its suggested values, or the values an AutoML
/// trial chose for its search dimensions (<see cref="Diagnosis.SearchSpace"/>, keyed <c>Kind.Parameter</c>).
/// Remedies that need a person (relabelling, dropping specific rows) are left out with the reason.
/// </summary>
/// <example>
/// <code>
/// var diagnosis = ctx.Diagnostics.Diagnose(plainModel.History, new DiagnosisData(train, validation, "Label", "Image"));
/// var options = new MlpTrainerOptions { FeatureColumnName = "Image", Epochs = 30, Seed = 1 };
/// var plan = RemedyApplier.Apply(ctx, diagnosis.Remedies, options, train.Schema);
/// var model = plan.Append(ctx.Trainers.MultilayerPerceptron(plan.TrainerOptions)).Fit(train, validation);
/// foreach (var outcome in plan.Outcomes) Console.WriteLine(outcome);
/// </code>
/// </example>
public static class RemedyApplier
{
    /// <summary>The example-weight column the class-weight remedy adds.</summary>
    public const string WeightColumnName = "RemedyWeight";

    /// <summary>Applies <paramref name="remedies"/> to a pipeline that ends in a neural trainer.</summary>
    /// <param name="context">The context whose catalogs build the steps (and whose seeds they take).</param>
    /// <param name="remedies">The plan, usually <see cref="Diagnosis.Remedies"/> (merged: one remedy per kind).</param>
    /// <param name="options">Fresh trainer options holding the baseline settings; changed in place.</param>
    /// <param name="schema">The schema of the training data (decides whether image augmentation applies).</param>
    /// <param name="choices">Values for the remedies' search dimensions, e.g. an AutoML trial's parameters; null: the suggested values.</param>
    /// <exception cref="ArgumentException">A chosen value is not a number where one is needed, or not one of the remedy's choices.</exception>
    public static RemedyApplication<TOptions> Apply<TOptions>(PipelineContext context, IEnumerable<Remedy> remedies, TOptions options, DataSchema schema,
        IReadOnlyDictionary<string, object>? choices = null) where TOptions : NeuralTrainerOptions
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(remedies);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(schema);
        var plan = remedies.ToArray();
        var state = new State<TOptions>(context, options, schema, choices ?? new Dictionary<string, object>(), plan);
        // Sampling before augmentation before weighting: augmentation then varies the sampler's duplicates, and
        // weights are estimated on the rows the trainer really sees.
        foreach (var remedy in plan.OrderBy(r => StageOrder(r.Stage)))
            state.Outcomes[remedy] = state.ApplyOne(remedy);
        var outcomes = plan.Select(r => state.Outcomes[r]).ToArray();
        return new RemedyApplication<TOptions>(state.Steps.OrderBy(s => s.Order).Select(s => s.Step).ToArray(), options, outcomes, state.Augmentation);
    }

    private static int StageOrder(PipelineStage stage) => stage switch
    {
        PipelineStage.Data => 0,
        PipelineStage.Sampling => 1,
        PipelineStage.Augmentation => 2,
        PipelineStage.Weighting => 3,
        _ => 4,
    };

    private sealed class State<TOptions>(PipelineContext context, TOptions options, DataSchema schema, IReadOnlyDictionary<string, object> choices, Remedy[] plan)
        where TOptions : NeuralTrainerOptions
    {
        public Dictionary<Remedy, RemedyOutcome> Outcomes { get; } = [];
        public List<(int Order, IEstimator<ITransformer> Step)> Steps { get; } = [];
        private bool _sampled;
        private bool _duplicated;

        public AugmentationPipeline? Augmentation { get; private set; }

        private string Monitor(Remedy remedy) =>
            plan.FirstOrDefault(r => r.Kind == RemedyKind.MonitorBalancedAccuracy) is { } m ? Text(m, "Monitor") : Text(remedy, "Monitor");

        public RemedyOutcome ApplyOne(Remedy r)
        {
            switch (r.Kind)
            {
                case RemedyKind.OverSample:
                    return OverSample(r);
                case RemedyKind.ClassWeights:
                    return ClassWeights(r);
                case RemedyKind.CleanNoisyRows:
                {
                    int k = (int)Math.Round(Number(r, "NeighbourCount"));
                    Add(1, context.Sampling.EditedNearestNeighbours(options.FeatureColumnName, options.LabelColumnName, k));
                    return Done(r, $"EditedNearestNeighbours (k = {k}) before the trainer, train-only");
                }
                case RemedyKind.Augment:
                    return Augment(r);
                case RemedyKind.NormalizeFeatures:
                    if (schema[options.FeatureColumnName].Type is ImageType)
                        return Skip(r, $"'{options.FeatureColumnName}' is an image column whose pixels are already scaled; standardising would change its type");
                    string kind = Text(r, "Kind");
                    Add(0, kind == "MinMax"
                        ? context.Transforms.NormalizeMinMax(options.FeatureColumnName)
                        : context.Transforms.NormalizeMeanVariance(options.FeatureColumnName));
                    return Done(r, $"Normalize{(kind == "MinMax" ? "MinMax" : "MeanVariance")} on '{options.FeatureColumnName}'");
                case RemedyKind.MonitorBalancedAccuracy:
                    return plan.Any(p => p.Kind is RemedyKind.EarlyStopping or RemedyKind.ReduceLROnPlateau)
                        ? Done(r, $"early stopping and reduce-on-plateau monitor {Text(r, "Monitor")}")
                        : Skip(r, "the plan adds no early stopping or reduce-on-plateau to monitor it with");
                case RemedyKind.EarlyStopping:
                {
                    var callback = new EarlyStopping { Monitor = Monitor(r), Patience = Int(r, "Patience"), RestoreBestWeights = Text(r, "RestoreBestWeights") != "false" };
                    options.Callbacks = [.. options.Callbacks.Where(c => c is not EarlyStopping), callback];
                    return Done(r, $"EarlyStopping on {callback.Monitor}, patience {callback.Patience}, restore best weights {callback.RestoreBestWeights.ToString().ToLowerInvariant()}");
                }
                case RemedyKind.ReduceLROnPlateau:
                {
                    var callback = new ReduceLROnPlateau { Monitor = Monitor(r), Factor = Number(r, "Factor"), Patience = Int(r, "Patience") };
                    // Before early stopping, so a cut and a stop on the same epoch happen in that order.
                    options.Callbacks = [callback, .. options.Callbacks.Where(c => c is not ReduceLROnPlateau)];
                    return Done(r, string.Create(CultureInfo.InvariantCulture, $"ReduceLROnPlateau on {callback.Monitor}, factor {callback.Factor:G3}, patience {callback.Patience}"));
                }
                case RemedyKind.LowerLearningRate or RemedyKind.RaiseLearningRate:
                {
                    double before = options.LearningRate;
                    options.LearningRate = r.Parameter("LearningRate") is not null ? Number(r, "LearningRate") : before * Number(r, "LearningRateFactor");
                    return Done(r, Invariant($"learning rate {before:G3} → {options.LearningRate:G3}"));
                }
                case RemedyKind.GradientClipping:
                    options.GradientClipNorm = Number(r, "GradientClipNorm");
                    return Done(r, Invariant($"gradient norm clipped at {options.GradientClipNorm:G3}"));
                case RemedyKind.WeightDecay:
                    options.WeightDecay = Number(r, "WeightDecay");
                    return Done(r, Invariant($"weight decay {options.WeightDecay:G3}"));
                case RemedyKind.LabelSmoothing:
                    options.LabelSmoothing = Number(r, "LabelSmoothing");
                    return Done(r, Invariant($"label smoothing {options.LabelSmoothing:G3}"));
                case RemedyKind.Dropout:
                    return SetDropout(r, Number(r, "Dropout")) is { } dropout ? Done(r, Invariant($"dropout {dropout:G3}")) : Skip(r, $"{typeof(TOptions).Name} has no dropout setting");
                case RemedyKind.ReduceRegularization:
                    options.WeightDecay = Number(r, "WeightDecay");
                    SetDropout(r, Number(r, "Dropout"));
                    return Done(r, Invariant($"weight decay {options.WeightDecay:G3}, dropout lowered"));
                case RemedyKind.IncreaseCapacity:
                    if (options is not MlpTrainerOptions mlp)
                        return Skip(r, "only the multilayer perceptron's width is changed automatically; pick a larger architecture");
                    double factor = Number(r, "CapacityFactor");
                    mlp.HiddenLayers = mlp.HiddenLayers.Select(h => Math.Max(1, (int)Math.Round(h * factor))).ToArray();
                    return Done(r, $"hidden layers [{string.Join(", ", mlp.HiddenLayers)}]");
                case RemedyKind.LearningRateRangeTest:
                    return Skip(r, "run trainer.FindLearningRate(train) and set LearningRate from its suggestion");
                default:
                    return Skip(r, "it changes specific rows or columns of the data; review the finding's affected items and edit the data");
            }
        }

        private RemedyOutcome OverSample(Remedy r)
        {
            string sampler = Text(r, "Sampler");
            string strategy = Text(r, "SamplingStrategy");
            if (strategy != "auto")
                throw new ArgumentException($"Remedy {r.Kind}: SamplingStrategy '{strategy}' is not supported; expected 'auto'.", nameof(choices));
            IEstimator<ITransformer> step = sampler switch
            {
                "RandomOverSampler" => context.Sampling.RandomOverSampler(options.FeatureColumnName, options.LabelColumnName),
                "Smote" => new AdaptiveSmote(context, options.FeatureColumnName, options.LabelColumnName),
                _ => throw new ArgumentException($"Remedy {r.Kind}: Sampler '{sampler}' is not one of RandomOverSampler, Smote.", nameof(choices)),
            };
            Add(1, step);
            _sampled = true;
            _duplicated = sampler == "RandomOverSampler";
            return Done(r, sampler == "Smote"
                ? $"Smote (k = min(5, smallest class − 1)) before the trainer (train-only), every class up to the majority count"
                : $"{sampler} before the trainer (train-only), every class up to the majority count");
        }

        private RemedyOutcome ClassWeights(Remedy r)
        {
            if (_sampled)
                return Skip(r, "the over-sampler already balances the classes; weighting them as well would over-correct");
            var scheme = Enum.Parse<ClassWeightScheme>(Text(r, "Scheme"));
            Add(3, context.Transforms.AddClassWeights(options.LabelColumnName, WeightColumnName, scheme));
            options.ExampleWeightColumnName = WeightColumnName;
            return Done(r, $"AddClassWeights ({scheme}) into '{WeightColumnName}', the trainer's example weights");
        }

        private RemedyOutcome Augment(Remedy r)
        {
            if (schema[options.FeatureColumnName].Type is not ImageType image)
                return Skip(r, $"'{options.FeatureColumnName}' is not an image column");
            string recipe = Text(r, "Augmentations");
            var pipeline = Recipe(recipe, image);
            Augmentation = pipeline;
            if (options is ImageClassifierOptions cnn)
            {
                cnn.Augmentation = pipeline;
                return Done(r, $"online augmentation of every training batch: {recipe}");
            }
            int copies = Int(r, "Copies");
            // After a random over-sampler, vary its duplicates instead of adding copies: the minority classes get new
            // variants and the class balance stays as the sampler made it.
            var offline = _duplicated
                ? new OfflineAugmentationOptions { ImageColumnName = options.FeatureColumnName, Mode = OfflineAugmentationMode.AugmentDuplicates }
                : new OfflineAugmentationOptions { ImageColumnName = options.FeatureColumnName, Copies = copies };
            Add(2, context.Augmentation.AugmentImages(pipeline, offline));
            return Done(r, _duplicated ? $"the over-sampler's duplicates become augmented variants ({recipe})" : $"{copies} augmented cop{(copies == 1 ? "y" : "ies")} of every training row ({recipe})");
        }

        private AugmentationPipeline Recipe(string recipe, ImageType image) =>
            RemedyAugmentations.Compose(context.Augmentation, recipe.Split('+', StringSplitOptions.TrimEntries), image);

        private double? SetDropout(Remedy r, double value)
        {
            switch (options)
            {
                case MlpTrainerOptions mlp:
                    mlp.Dropout = value;
                    return value;
                case ImageClassifierOptions cnn:
                    cnn.Dropout = value;
                    return value;
                default:
                    return null;
            }
        }

        private void Add(int order, IEstimator<ITransformer> step) => Steps.Add((order, step));

        private static RemedyOutcome Done(Remedy r, string change) => new(r, true, change);

        private static RemedyOutcome Skip(Remedy r, string why) => new(r, false, why);

        private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

        private object? Chosen(Remedy r, string name) => choices.TryGetValue($"{r.Kind}.{name}", out var v) ? v : null;

        private string Text(Remedy r, string name)
        {
            var p = r.Parameter(name) ?? throw new ArgumentException($"Remedy {r.Kind} has no parameter '{name}'.", nameof(choices));
            string value = Chosen(r, name) is { } chosen ? Convert.ToString(chosen, CultureInfo.InvariantCulture) ?? "" : p.DisplayValue;
            if (p.Choices is { Count: > 1 } allowed && !allowed.Contains(value))
                throw new ArgumentException($"Remedy {r.Kind}.{name}: '{value}' is not one of {{{string.Join(", ", allowed)}}}.", nameof(choices));
            return value;
        }

        private double Number(Remedy r, string name)
        {
            var p = r.Parameter(name) ?? throw new ArgumentException($"Remedy {r.Kind} has no parameter '{name}'.", nameof(choices));
            object? chosen = Chosen(r, name);
            if (chosen is null)
                return p.Number ?? throw new ArgumentException($"Remedy {r.Kind}.{name} has no numeric value ('{p.DisplayValue}').", nameof(choices));
            try
            {
                return Convert.ToDouble(chosen, CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is FormatException or InvalidCastException)
            {
                throw new ArgumentException($"Remedy {r.Kind}.{name}: chosen value '{chosen}' is not a number.", nameof(choices), e);
            }
        }

        private int Int(Remedy r, string name) => (int)Math.Round(Number(r, name));
    }
}
