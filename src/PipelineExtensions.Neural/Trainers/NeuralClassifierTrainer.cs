using Microsoft.Extensions.Logging;
using PipelineExtensions.Augmentation;
using PipelineExtensions.Data;
using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Devices.Cpu;
using PipelineExtensions.Neural.Layers;
using PipelineExtensions.Neural.Losses;
using PipelineExtensions.Neural.Optimizers;
using PipelineExtensions.Neural.Regularization;
using PipelineExtensions.Pipeline;
using PipelineExtensions.Training;

namespace PipelineExtensions.Neural.Trainers;

/// <summary>
/// The shared estimator of the neural classifiers: checks the schema (features, key label, optional float
/// example weights), holds out a stratified validation set when none is given, builds the network, optimizer and
/// loss, runs the plateau-aware <see cref="TrainingLoop"/> with the options' callbacks, and returns the fitted
/// <see cref="NeuralClassifierModel"/> with its <see cref="TrainingHistory"/>.
/// </summary>
/// <typeparam name="TOptions">The trainer's options.</typeparam>
public abstract class NeuralClassifierTrainer<TOptions> : IValidatingEstimator<NeuralClassifierModel>
    where TOptions : NeuralTrainerOptions
{
    private readonly PipelineContext _context;

    /// <summary>Creates the trainer; the options are validated here.</summary>
    protected NeuralClassifierTrainer(PipelineContext context, TOptions options)
    {
        _context = context ?? throw new ArgumentNullException(nameof(context));
        Options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
    }

    /// <summary>The options (validated).</summary>
    public TOptions Options { get; }

    /// <summary>The history of the last <c>Fit</c>, or null before the first.</summary>
    public TrainingHistory? LastHistory { get; private set; }

    /// <summary>The step name used in schema errors.</summary>
    protected abstract string StepName { get; }

    /// <inheritdoc />
    public DataSchema GetOutputSchema(DataSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var (_, labelType) = CheckSchema(inputSchema);
        int k = labelType.Count;
        return inputSchema
            .With(new SchemaColumn(NeuralClassifierModel.ScoreColumnName, ColumnType.Vector(k)))
            .With(new SchemaColumn(NeuralClassifierModel.ProbabilityColumnName, ColumnType.Vector(k)))
            .With(new SchemaColumn(NeuralClassifierModel.PredictedLabelColumnName, labelType));
    }

    /// <inheritdoc />
    public NeuralClassifierModel Fit(DataTable input) => Fit(input, null);

    /// <summary>
    /// Trains on <paramref name="train"/>, monitoring <paramref name="validation"/>; without one, a stratified
    /// <see cref="NeuralTrainerOptions.ValidationFraction"/> of the training rows is held out (none when it is 0).
    /// </summary>
    public NeuralClassifierModel Fit(DataTable train, DataTable? validation)
    {
        var run = Prepare(train, validation);
        var o = Options;
        var callbacks = new List<TrainingCallback>(o.Callbacks);
        if (o.GuardDivergence && !callbacks.OfType<DivergenceGuard>().Any())
            callbacks.Insert(0, new DivergenceGuard());
        var history = TrainingLoop.Run(run.Session, new TrainingLoopOptions
        {
            Epochs = o.Epochs,
            BatchSize = o.BatchSize,
            Seed = run.Seed,
            Callbacks = callbacks,
            Progress = o.Progress,
            Logger = run.Logger,
            TrainMetrics = o.TrainMetrics,
        }, o.CancellationToken);
        history.ClassNames = run.LabelType.ClassNames;
        LastHistory = history;
        return new NeuralClassifierModel(o.FeatureColumnName, run.FeatureType, run.InputShape, run.LabelType, run.Network, history);
    }

    /// <summary>
    /// Runs the LR range test (fastai's <c>lr_find</c>, see <see cref="LearningRateFinder"/>) on a fresh network
    /// built exactly as <see cref="Fit(DataTable)"/> would build it, and returns the loss-versus-rate curve and the
    /// suggested rate; set <see cref="NeuralTrainerOptions.LearningRate"/> from it before fitting.
    /// </summary>
    /// <param name="train">The training data (the validation hold-out is left out as in <c>Fit</c>).</param>
    /// <param name="options">Sweep settings; null uses fastai's defaults with this trainer's batch size and seed.</param>
    public LearningRateFinderResult FindLearningRate(DataTable train, LearningRateFinderOptions? options = null)
    {
        var run = Prepare(train, null);
        options ??= new LearningRateFinderOptions { BatchSize = Options.BatchSize, Seed = run.Seed, Logger = run.Logger };
        return LearningRateFinder.Run(run.Session, options, Options.CancellationToken);
    }

    private sealed record PreparedRun(NeuralTrainingSession Session, Module Network, VectorType FeatureType, int[] InputShape, KeyType LabelType, int Seed, ILogger Logger);

    // Schema checks, validation hold-out, data extraction, network, optimizer, loss and augmenter: all a run needs.
    private PreparedRun Prepare(DataTable train, DataTable? validation)
    {
        ArgumentNullException.ThrowIfNull(train);
        var o = Options;
        var (featureType, labelType) = CheckSchema(train.Schema);
        int seed = o.Seed ?? _context.NextComponentSeed();
        var logger = o.Logger ?? _context.LoggerFactory.CreateLogger(GetType().FullName ?? StepName);
        if (validation is not null)
        {
            var (validationFeatures, validationLabels) = CheckSchema(validation.Schema, requireWeights: false);
            if (!validationFeatures.Equals(featureType))
                throw new SchemaMismatchException(o.FeatureColumnName, featureType.DisplayName, validationFeatures.DisplayName, $"{StepName} (validation set)");
            if (!validationLabels.Equals(labelType))
                throw new SchemaMismatchException(o.LabelColumnName, labelType.DisplayName, validationLabels.DisplayName, $"{StepName} (validation set)");
        }
        else if (o.ValidationFraction > 0)
        {
            var split = _context.Data.StratifiedTrainValidationSplit(train, o.LabelColumnName, o.ValidationFraction, seed);
            (train, validation) = (split.Train, split.Validation);
        }

        int k = labelType.Count;
        if (o.ClassWeights is { } cw && cw.Count != k)
            throw new ArgumentException($"ClassWeights has {cw.Count} entries but label '{o.LabelColumnName}' has {k} classes ({labelType.DisplayName}).", nameof(o.ClassWeights));
        var trainData = Read(train, o.ExampleWeightColumnName, "training");
        if (trainData.Labels.All(l => l < 0))
            throw new ArgumentException($"Label column '{o.LabelColumnName}' has no labelled training rows.", nameof(train));
        var validationData = validation is null || validation.RowCount == 0 ? null
            : Read(validation, o.ExampleWeightColumnName is { } wc && validation.HasColumn(wc) ? wc : null, "validation");

        var cpu = o.Threads is { } threads ? new CpuDevice(threads) : Device.Default;
        // GpuDeviceId / FallbackToCpu as in ML.NET: the layers, losses and optimizers are the same on every device.
        var device = o.Device ?? DeviceSelection.Resolve(o.GpuDeviceId, o.FallbackToCpu, cpu, logger);
        var network = BuildNetwork(featureType, k, seed);
        if (o.L1 > 0 || o.L2 > 0)
            network.SetWeightRegularizer(new Regularizer(o.L1, o.L2));
        network.To(device);
        var optimizer = CreateOptimizer(network);
        var trainLoss = new CrossEntropyLoss(o.ClassWeights?.ToArray(), o.LabelSmoothing);
        var augmenter = CreateAugmenter(featureType, k, o.Threads);
        int[] inputShape = InputShape(featureType);
        var session = new NeuralTrainingSession(network, optimizer, trainLoss, new CrossEntropyLoss(), device,
            inputShape, k, trainData, validationData, augmenter, o.GradientClipNorm);
        logger.LogInformation("{Step}: {Rows} training rows, {Validation} validation rows, {Classes} classes, {Parameters} parameters, seed {Seed}",
            StepName, trainData.Count, validationData?.Count ?? 0, k, network.ParameterCount, seed);
        return new PreparedRun(session, network, featureType, inputShape, labelType, seed, logger);
    }

    /// <summary>Checks the features column's type; throws <see cref="SchemaMismatchException"/> when it does not fit.</summary>
    protected abstract VectorType CheckFeatures(DataSchema schema);

    /// <summary>The shape of one row as the network takes it (without the batch dimension).</summary>
    protected abstract int[] InputShape(VectorType featureType);

    /// <summary>Builds the untrained network for <paramref name="featureType"/> and <paramref name="classCount"/> classes.</summary>
    protected abstract Module BuildNetwork(VectorType featureType, int classCount, long seed);

    /// <summary>The online augmenter, or null (only image trainers augment).</summary>
    private protected virtual BatchAugmenter? CreateAugmenter(VectorType featureType, int classCount, int? threads) => null;

    private (VectorType Features, KeyType Label) CheckSchema(DataSchema schema, bool requireWeights = true)
    {
        var o = Options;
        var featureType = CheckFeatures(schema);
        var label = schema.Require(o.LabelColumnName, t => t is KeyType, "Key", StepName);
        var labelType = (KeyType)label.Type;
        if (labelType.Count < 2)
            throw new SchemaMismatchException(o.LabelColumnName, "Key with at least 2 classes", labelType.DisplayName, StepName);
        if (requireWeights && o.ExampleWeightColumnName is { } weights)
            schema.Require(weights, t => t == ColumnType.Single, "Single", StepName);
        return (featureType, labelType);
    }

    private NeuralPartData Read(DataTable table, string? weightColumn, string part)
    {
        var features = table.GetColumn<VectorColumn>(Options.FeatureColumnName);
        int[] labels = table.GetColumn<KeyColumn>(Options.LabelColumnName).Keys.ToArray();
        float[]? weights = null;
        if (weightColumn is not null)
        {
            weights = table.GetColumn<ScalarColumn<float>>(weightColumn).ToArray();
            for (int i = 0; i < weights.Length; i++)
                if (!(weights[i] >= 0) || float.IsInfinity(weights[i]))
                    throw new ArgumentException($"Example weight column '{weightColumn}', {part} row {i}: weight {weights[i]} is not a finite number ≥ 0.", nameof(table));
        }
        var data = features.Data;
        for (int i = 0; i < data.Length; i++)
            if (!float.IsFinite(data[i]))
                throw new ArgumentException($"Features column '{Options.FeatureColumnName}', {part} row {i / features.Size}: value {data[i]} at position {i % features.Size} is not finite.", nameof(table));
        return new NeuralPartData(features, labels, weights);
    }

    private Optimizer CreateOptimizer(Module network)
    {
        var o = Options;
        var parameters = network.Parameters();
        return o.Optimizer switch
        {
            NeuralOptimizerKind.Adam => new Adam(parameters, o.LearningRate, o.Momentum, o.Beta2, o.Epsilon, o.WeightDecay),
            NeuralOptimizerKind.AdamW => new AdamW(parameters, o.LearningRate, o.Momentum, o.Beta2, o.Epsilon, o.WeightDecay),
            NeuralOptimizerKind.Sgd => new Sgd(parameters, o.LearningRate, o.Momentum, 0, o.WeightDecay, o.Nesterov),
            NeuralOptimizerKind.RmsProp => new RmsProp(parameters, o.LearningRate, o.Beta2, o.Epsilon, o.WeightDecay, o.Momentum),
            _ => throw new ArgumentOutOfRangeException(nameof(o.Optimizer), o.Optimizer, "Unknown optimizer."),
        };
    }
}
