using PipelineExtensions.Augmentation;
using PipelineExtensions.Neural.Trainers;
using PipelineExtensions.Pipeline;

namespace PipelineExtensions.Neural.Diagnostics;

/// <summary>
/// A diagnosis's remedies turned into a pipeline: the steps to run before the trainer (samplers, augmentation,
/// class weights, normalisation), the trainer's changed options (learning rate, regularisation, callbacks) and
/// what was done with each remedy. Made by <see cref="RemedyApplier.Apply{TOptions}"/>.
/// </summary>
/// <typeparam name="TOptions">The trainer's options type.</typeparam>
public sealed class RemedyApplication<TOptions> where TOptions : NeuralTrainerOptions
{
    internal RemedyApplication(IReadOnlyList<IEstimator<ITransformer>> steps, TOptions trainerOptions, IReadOnlyList<RemedyOutcome> outcomes, AugmentationPipeline? augmentation)
    {
        Augmentation = augmentation;
        Steps = steps;
        TrainerOptions = trainerOptions;
        Outcomes = outcomes;
    }

    /// <summary>The steps to run before the trainer, in order (train-only samplers and augmentation first).</summary>
    public IReadOnlyList<IEstimator<ITransformer>> Steps { get; }

    /// <summary>The trainer options with the remedies applied (the object given to <c>Apply</c>, changed in place).</summary>
    public TOptions TrainerOptions { get; }

    /// <summary>One outcome per remedy of the plan, in plan order.</summary>
    public IReadOnlyList<RemedyOutcome> Outcomes { get; }

    /// <summary>The augmentation the plan added (offline or online), or null: e.g. for a picture of what it does.</summary>
    public AugmentationPipeline? Augmentation { get; }

    /// <summary>The outcomes that changed the pipeline.</summary>
    public IEnumerable<RemedyOutcome> Applied => Outcomes.Where(o => o.Applied);

    /// <summary>The steps followed by <paramref name="trainer"/>, as one chain to fit with <c>Fit(train, validation)</c>.</summary>
    /// <param name="trainer">The trainer, built from <see cref="TrainerOptions"/>.</param>
    public EstimatorChain<TModel> Append<TModel>(IEstimator<TModel> trainer) where TModel : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(trainer);
        var chain = new EstimatorChain<ITransformer>();
        foreach (var step in Steps)
            chain = chain.Append(step);
        return chain.Append(trainer);
    }
}
