using PipelineExtensions.Data;
using PipelineExtensions.Pipeline;

namespace PipelineExtensions.Transforms;

/// <summary>
/// An estimator for a transform that learns nothing from data (concatenate, select, drop, type conversion, key
/// to value): <see cref="Fit"/> checks the input schema and returns the transformer it wraps.
/// </summary>
/// <typeparam name="TTransformer">The transformer returned by <see cref="Fit"/>.</typeparam>
public sealed class TrivialEstimator<TTransformer> : IEstimator<TTransformer> where TTransformer : class, ITransformer
{
    private readonly TTransformer _transformer;

    /// <summary>Wraps <paramref name="transformer"/>.</summary>
    public TrivialEstimator(TTransformer transformer) => _transformer = transformer ?? throw new ArgumentNullException(nameof(transformer));

    /// <inheritdoc />
    public DataSchema GetOutputSchema(DataSchema inputSchema) => _transformer.GetOutputSchema(inputSchema);

    /// <inheritdoc />
    public TTransformer Fit(DataTable input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _transformer.GetOutputSchema(input.Schema);
        return _transformer;
    }

    /// <inheritdoc />
    public override string ToString() => _transformer.ToString() ?? typeof(TTransformer).Name;
}
