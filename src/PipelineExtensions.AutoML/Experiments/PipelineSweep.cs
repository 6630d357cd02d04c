using Microsoft.Extensions.Logging;
using PipelineExtensions.AutoML.SearchSpaces;
using PipelineExtensions.Data;
using PipelineExtensions.Persistence;
using PipelineExtensions.Pipeline;

namespace PipelineExtensions.AutoML.Experiments;

/// <summary>
/// Builds the pipeline of one trial from its parameters. <paramref name="context"/> is the running trial — wire
/// the trainer's per-epoch progress to it (<see cref="TrialContext.CreateProgress{T}"/>) and pass its
/// <see cref="TrialContext.CancellationToken"/> and <see cref="TrialContext.MaxThreads"/> so pruners can stop
/// training mid-run — or null when the best configuration is refitted.
/// </summary>
public delegate IEstimator<ITransformer> PipelineFactory(TrialParameters parameters, TrialContext? context);

/// <summary>Scores a fitted pipeline on the validation table: a value, or metrics among which <see cref="ExperimentOptions.Metric"/> picks.</summary>
public delegate TrialOutcome PipelineEvaluator(ITransformer model, DataTable validation);

/// <summary>
/// A sweep over whole pipelines: each trial fits the chain the factory builds for its parameters on the training
/// table (train-only steps such as samplers see the training rows only; a validating trainer gets the validation
/// table passed through the fitted steps), scores it on the validation table, and reports to the experiment. The
/// best configuration can then be refitted and exported as one model file.
/// </summary>
/// <example>
/// <code>
/// var space = new SearchSpace()
///     .AddFloat("trainer.LearningRate", 1e-4, 1e-1, log: true)
///     .AddChoice("sampler", c => c.Option("none").Option("smote", s => s.AddInt("smote.K", 3, 10)));
/// var sweep = ctx.AutoML.CreatePipelineSweep(space,
///     (p, trial) => BuildChain(p, trial),                  // binds p onto options (OptionsBinder) and wires trial progress
///     (model, valid) => Metrics.Evaluate(model, valid),    // returns e.g. { ["balanced_accuracy"] = … }
///     train, validation,
///     new ExperimentOptions { Direction = OptimizationDirection.Maximize, Metric = "balanced_accuracy", MaxTrials = 40 });
/// var result = sweep.Run();
/// sweep.ExportBest("best.pipex");
/// </code>
/// </example>
public sealed class PipelineSweep
{
    private readonly PipelineFactory _factory;
    private readonly PipelineEvaluator _evaluate;
    private readonly DataTable _train;
    private readonly DataTable _validation;

    /// <summary>Creates the sweep; see the class remarks.</summary>
    public PipelineSweep(SearchSpace space, PipelineFactory factory, PipelineEvaluator evaluate, DataTable train, DataTable validation,
        ExperimentOptions? options = null, ILogger? logger = null)
    {
        _factory = factory ?? throw new ArgumentNullException(nameof(factory));
        _evaluate = evaluate ?? throw new ArgumentNullException(nameof(evaluate));
        _train = train ?? throw new ArgumentNullException(nameof(train));
        _validation = validation ?? throw new ArgumentNullException(nameof(validation));
        if (!validation.Schema.SameAs(train.Schema))
            throw new SchemaMismatchException("(validation table)", train.Schema.ToString(), validation.Schema.ToString(), "PipelineSweep");
        Experiment = new Experiment(space, Objective, options, logger);
    }

    /// <summary>The underlying experiment (store, study, options).</summary>
    public Experiment Experiment { get; }

    /// <summary>Runs the sweep; see <see cref="Experiments.Experiment.Run"/>.</summary>
    public ExperimentResult Run(IProgress<TrialProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Experiment.Run(progress, cancellationToken);

    /// <summary>
    /// Fits the best configuration found so far again — on the training and validation rows together when
    /// <paramref name="includeValidation"/> (default), else on the training rows — and returns the fitted pipeline.
    /// </summary>
    /// <exception cref="InvalidOperationException">No trial has completed.</exception>
    public ITransformer RefitBest(bool includeValidation = true)
    {
        var best = Experiment.GetResult().BestTrial
            ?? throw new InvalidOperationException($"Study '{Experiment.Study.Name}' has no complete trial to refit.");
        var estimator = _factory(best.Parameters!, null);
        var data = includeValidation ? _train.AppendRows(_validation) : _train;
        return estimator.Fit(data);
    }

    /// <summary>Refits the best configuration (see <see cref="RefitBest"/>) and saves it to <paramref name="path"/> as one model file (atomic write).</summary>
    public ITransformer ExportBest(string path, bool includeValidation = true)
    {
        var model = RefitBest(includeValidation);
        ModelFile.Save(model, _train.Schema, path);
        return model;
    }

    private TrialOutcome Objective(TrialParameters parameters, TrialContext context)
    {
        var estimator = _factory(parameters, context) ?? throw new InvalidOperationException($"The pipeline factory returned null for trial {context.TrialNumber} ({parameters}).");
        estimator.GetOutputSchema(_train.Schema);
        var model = estimator is IValidatingEstimator<ITransformer> validating ? validating.Fit(_train, _validation) : estimator.Fit(_train);
        context.CancellationToken.ThrowIfCancellationRequested();
        return _evaluate(model, _validation);
    }
}
