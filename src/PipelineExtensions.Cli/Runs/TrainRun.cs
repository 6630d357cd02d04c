using PipelineExtensions.Cli.Config;
using PipelineExtensions.Cli.Progress;
using PipelineExtensions.Cli.Remedies;
using PipelineExtensions.Diagnostics;
using PipelineExtensions.Neural.Diagnostics;
using PipelineExtensions.Neural.Trainers;
using PipelineExtensions.Pipeline;
using PipelineExtensions.Training;

namespace PipelineExtensions.Cli.Runs;

/// <summary>One trained run of a config: the fitted chain, its history, its validation scores and the remedies applied (if any).</summary>
/// <param name="Model">The fitted chain.</param>
/// <param name="History">The training history.</param>
/// <param name="Validation">Scores on the validation rows.</param>
/// <param name="Remedies">What was done with each remedy; empty for a plain run.</param>
public sealed record TrainRun(TransformerChain<NeuralClassifierModel> Model, TrainingHistory History, Evaluation Validation, IReadOnlyList<RemedyOutcome> Remedies)
{
    /// <summary>Trains the pipeline of <paramref name="config"/> on <paramref name="data"/>, with <paramref name="remedies"/> applied on top when given.</summary>
    /// <param name="context">The pipeline context.</param>
    /// <param name="config">The run's config.</param>
    /// <param name="data">The run's data.</param>
    /// <param name="progress">Progress of the training.</param>
    /// <param name="configFile">The config's file name, for errors.</param>
    /// <param name="remedies">Remedies to apply, or null.</param>
    /// <param name="choices">Values of the remedies' search dimensions (an AutoML trial's), or null.</param>
    /// <param name="epochs">Extra epoch observer (e.g. an AutoML trial's pruning reporter), or null.</param>
    /// <param name="title">The progress bar's title.</param>
    /// <param name="adjust">Changes the trainer options before the steps are built (an AutoML trial's settings), or null.</param>
    /// <param name="cancellation">Stops training between batches (an AutoML pruner's decision).</param>
    public static TrainRun Execute(PipelineContext context, RunConfig config, RunData data, IRunProgress progress, string configFile,
        IReadOnlyList<Remedy>? remedies = null, IReadOnlyDictionary<string, object>? choices = null, IProgress<EpochReport>? epochs = null, string title = "Training",
        Action<NeuralTrainerOptions>? adjust = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var options = RunPipeline.Options(config, data);
        adjust?.Invoke(options);
        options.CancellationToken = cancellation;
        var steps = new List<IEstimator<ITransformer>>(data.Prefix);
        steps.AddRange(RunPipeline.Steps(context, config, data, options, configFile));
        IReadOnlyList<RemedyOutcome> outcomes = [];
        if (remedies is not null)
        {
            var plan = RemedyApplier.Apply(context, remedies, options, data.Schema, choices);
            steps.AddRange(plan.Steps);
            outcomes = plan.Outcomes;
        }
        var model = progress.Train(title, options.Epochs, p =>
        {
            options.Progress = epochs is null ? p : new Both(p, epochs);
            return RunPipeline.Chain(steps, RunPipeline.Trainer(context, options)).Fit(data.Train, data.Validation);
        });
        var history = model.LastTransformer.History ?? throw new InvalidOperationException("The trainer returned no history.");
        return new TrainRun(model, history, Evaluation.Of(model, data.Validation, data.Label), outcomes);
    }

    private sealed class Both(IProgress<EpochReport> a, IProgress<EpochReport> b) : IProgress<EpochReport>
    {
        public void Report(EpochReport value)
        {
            a.Report(value);
            b.Report(value);
        }
    }
}
