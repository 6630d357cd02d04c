using PipelineExtensions.Data;

namespace PipelineExtensions.Pipeline;

/// <summary>
/// An ordered chain of estimators. <see cref="Fit(DataTable)"/> checks the whole chain's schema first, then
/// fits each step on the output of the fitted steps before it. Train-only steps
/// (<see cref="ITrainOnlyEstimator"/>) change the rows that later steps see during fitting and become
/// pass-through steps in the fitted chain.
/// </summary>
/// <typeparam name="TLastTransformer">The transformer type of the last step.</typeparam>
public sealed class EstimatorChain<TLastTransformer> : IValidatingEstimator<TransformerChain<TLastTransformer>>
    where TLastTransformer : class, ITransformer
{
    private readonly IEstimator<ITransformer>[] _steps;

    /// <summary>An empty chain; add steps with <see cref="Append{TNew}"/>.</summary>
    public EstimatorChain() : this([])
    {
    }

    private EstimatorChain(IEstimator<ITransformer>[] steps) => _steps = steps;

    /// <summary>The steps in order.</summary>
    public IReadOnlyList<IEstimator<ITransformer>> Steps => _steps;

    /// <summary>A new chain with <paramref name="estimator"/> appended (this chain is unchanged).</summary>
    public EstimatorChain<TNew> Append<TNew>(IEstimator<TNew> estimator) where TNew : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(estimator);
        return new EstimatorChain<TNew>([.. _steps, estimator]);
    }

    /// <inheritdoc />
    public DataSchema GetOutputSchema(DataSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var schema = inputSchema;
        foreach (var step in _steps)
            schema = step.GetOutputSchema(schema);
        return schema;
    }

    /// <inheritdoc />
    public TransformerChain<TLastTransformer> Fit(DataTable input) => Fit(input, null);

    /// <summary>
    /// Fits the chain on <paramref name="train"/>; <paramref name="validation"/>, when given, is transformed by
    /// each fitted (non-train-only) step and handed to steps that implement <see cref="IValidatingEstimator{T}"/>.
    /// </summary>
    public TransformerChain<TLastTransformer> Fit(DataTable train, DataTable? validation)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (_steps.Length == 0)
            throw new InvalidOperationException("The estimator chain is empty: append at least one step before Fit.");
        GetOutputSchema(train.Schema);
        if (validation is not null && !validation.Schema.SameAs(train.Schema))
            throw new SchemaMismatchException("(validation table)", train.Schema.ToString(), validation.Schema.ToString(), "EstimatorChain.Fit");

        var fitted = new ITransformer[_steps.Length];
        var current = train;
        var currentValidation = validation;
        for (int i = 0; i < _steps.Length; i++)
        {
            bool last = i == _steps.Length - 1;
            switch (_steps[i])
            {
                case ITrainOnlyEstimator trainOnly:
                    current = trainOnly.ApplyForTraining(current);
                    fitted[i] = trainOnly.Fit(current);
                    break;
                case IValidatingEstimator<ITransformer> validating:
                    fitted[i] = validating.Fit(current, currentValidation);
                    break;
                default:
                    fitted[i] = _steps[i].Fit(current);
                    break;
            }
            if (!last && fitted[i] is not PassThroughTransformer)
            {
                current = fitted[i].Transform(current);
                if (currentValidation is not null)
                    currentValidation = fitted[i].Transform(currentValidation);
            }
        }
        return new TransformerChain<TLastTransformer>(fitted);
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(" → ", _steps.Select(StepDisplayName));

    internal static string StepDisplayName(object step) => step is ITrainOnlyEstimator t ? $"{t.StepName} (train-only)" : step.GetType().Name;
}
