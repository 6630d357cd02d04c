using PipelineExtensions.Data;

namespace PipelineExtensions.Pipeline;

/// <summary>
/// An unfitted pipeline step: learns from data in <see cref="Fit"/> and returns a transformer.
/// Chain estimators with <see cref="PipelineExtensions.EstimatorChainExtensions.Append{TNew}"/>.
/// </summary>
/// <typeparam name="TTransformer">The transformer that <see cref="Fit"/> returns.</typeparam>
public interface IEstimator<out TTransformer> where TTransformer : class, ITransformer
{
    /// <summary>Learns the step's parameters from <paramref name="input"/>.</summary>
    /// <exception cref="SchemaMismatchException">A column the step needs is missing or has the wrong type.</exception>
    TTransformer Fit(DataTable input);

    /// <summary>
    /// The schema the fitted transformer would produce from <paramref name="inputSchema"/>; throws
    /// <see cref="SchemaMismatchException"/> when the input lacks a needed column or has the wrong type.
    /// Chains call this for every step before any data flows.
    /// </summary>
    DataSchema GetOutputSchema(DataSchema inputSchema);
}

/// <summary>
/// An estimator that can also use a validation set while it fits (trainers that monitor validation loss for
/// early stopping or reduce-on-plateau). In a chain, the validation set flows through the fitted preceding
/// steps (train-only steps excepted) before it reaches this estimator.
/// </summary>
/// <typeparam name="TTransformer">The transformer that fitting returns.</typeparam>
public interface IValidatingEstimator<out TTransformer> : IEstimator<TTransformer> where TTransformer : class, ITransformer
{
    /// <summary>Fits on <paramref name="train"/> and monitors <paramref name="validation"/> (null: the estimator's own default, e.g. a stratified hold-out).</summary>
    TTransformer Fit(DataTable train, DataTable? validation);
}
