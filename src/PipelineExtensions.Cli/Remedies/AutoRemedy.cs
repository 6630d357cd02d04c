using PipelineExtensions.Cli.Progress;
using PipelineExtensions.Data;
using PipelineExtensions.Diagnostics;
using PipelineExtensions.Neural.Diagnostics;
using PipelineExtensions.Neural.Trainers;
using PipelineExtensions.Pipeline;
using PipelineExtensions.Training;

namespace PipelineExtensions.Cli.Remedies;

/// <summary>A run retrained with a diagnosis's remedies: the plan as applied, the fitted chain and its history.</summary>
/// <typeparam name="TOptions">The trainer's options type.</typeparam>
/// <param name="Plan">What was done with each remedy, the steps and the changed trainer options.</param>
/// <param name="Model">The fitted chain (train-only steps pass data through at prediction time).</param>
/// <param name="History">The remedied run's history.</param>
public sealed record RemedyRun<TOptions>(RemedyApplication<TOptions> Plan, TransformerChain<NeuralClassifierModel> Model, TrainingHistory History)
    where TOptions : NeuralTrainerOptions;

/// <summary>Auto-remedy: applies a diagnosis's remedies to the baseline pipeline and retrains it.</summary>
public static class AutoRemedy
{
    /// <summary>
    /// The remedies worth applying automatically: those of the findings at <paramref name="minimum"/> severity or
    /// above (default: warnings and critical ones; informational findings are notes, not problems), merged as
    /// <see cref="Diagnosis.Remedies"/> merges them.
    /// </summary>
    public static IReadOnlyList<Remedy> Plan(Diagnosis diagnosis, Severity minimum = Severity.Warning)
    {
        ArgumentNullException.ThrowIfNull(diagnosis);
        return new Diagnosis(diagnosis.Findings.Where(f => f.Severity >= minimum).ToArray(), diagnosis.ClassNames).Remedies;
    }

    /// <summary>Applies <paramref name="remedies"/> to fresh baseline options and fits the remedied chain.</summary>
    /// <param name="context">The pipeline context.</param>
    /// <param name="remedies">The plan, usually <see cref="Diagnosis.Remedies"/>.</param>
    /// <param name="baseline">Makes fresh options with the plain run's settings (the same seed, so only the remedies differ).</param>
    /// <param name="trainer">Makes the trainer from the remedied options.</param>
    /// <param name="train">Training rows (the sampler and augmentation act on these only).</param>
    /// <param name="validation">Validation rows, monitored by the callbacks.</param>
    /// <param name="progress">Progress of the training.</param>
    /// <param name="choices">Values for the remedies' search dimensions (an AutoML trial's), or null for the suggested ones.</param>
    public static RemedyRun<TOptions> Retrain<TOptions>(PipelineContext context, IEnumerable<Remedy> remedies, Func<TOptions> baseline,
        Func<TOptions, IEstimator<NeuralClassifierModel>> trainer, DataTable train, DataTable? validation, IRunProgress progress,
        IReadOnlyDictionary<string, object>? choices = null) where TOptions : NeuralTrainerOptions
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(progress);
        var options = baseline();
        var plan = RemedyApplier.Apply(context, remedies, options, train.Schema, choices);
        var model = progress.Train("Training with remedies", options.Epochs, p =>
        {
            options.Progress = p;
            return plan.Append(trainer(options)).Fit(train, validation);
        });
        var history = model.LastTransformer.History ?? throw new InvalidOperationException("The trainer returned a model without a training history.");
        return new RemedyRun<TOptions>(plan, model, history);
    }

    /// <summary>Rows per class after the plan's train-only steps (samplers, offline augmentation) act on <paramref name="train"/>.</summary>
    public static int[] CountsAfterTrainOnlySteps<TOptions>(RemedyApplication<TOptions> plan, DataTable train, string labelColumnName)
        where TOptions : NeuralTrainerOptions
    {
        ArgumentNullException.ThrowIfNull(plan);
        var data = train;
        foreach (var step in plan.Steps.OfType<ITrainOnlyEstimator>())
            data = step.ApplyForTraining(data);
        return data.GetColumn<KeyColumn>(labelColumnName).CountPerClass();
    }
}
