using PipelineExtensions.Data;

namespace PipelineExtensions.Pipeline;

/// <summary>
/// A train-only step (a sampler, offline random augmentation): it changes the rows that later steps fit on,
/// and does nothing when the fitted chain transforms new data — imbalanced-learn's pipeline semantics.
/// Its <see cref="IEstimator{TTransformer}.Fit"/> returns a <see cref="PassThroughTransformer"/>.
/// </summary>
public interface ITrainOnlyEstimator : IEstimator<PassThroughTransformer>
{
    /// <summary>A short name for the step, kept in the fitted chain for inspection.</summary>
    string StepName { get; }

    /// <summary>
    /// Returns the rows the following steps should fit on (resampled, augmented). The schema must be
    /// unchanged, because the step is skipped at prediction time.
    /// </summary>
    DataTable ApplyForTraining(DataTable input);
}

/// <summary>
/// Base class for train-only steps: validates the input schema with <see cref="ValidateSchema"/>, leaves the
/// schema unchanged, and fits to a pass-through transformer.
/// </summary>
public abstract class TrainOnlyEstimator : ITrainOnlyEstimator
{
    /// <inheritdoc />
    public abstract string StepName { get; }

    /// <inheritdoc />
    public DataSchema GetOutputSchema(DataSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ValidateSchema(inputSchema);
        return inputSchema;
    }

    /// <summary>Checks the input: a fitted chain without data still applies the step, so nothing is learned here.</summary>
    public PassThroughTransformer Fit(DataTable input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ValidateSchema(input.Schema);
        return new PassThroughTransformer(StepName);
    }

    /// <inheritdoc />
    public DataTable ApplyForTraining(DataTable input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ValidateSchema(input.Schema);
        var output = Apply(input);
        if (!output.Schema.SameAs(input.Schema))
            throw new InvalidOperationException($"{StepName} changed the schema from [{input.Schema}] to [{output.Schema}]; a train-only step must keep it.");
        return output;
    }

    /// <summary>Throws <see cref="SchemaMismatchException"/> when a needed column is missing or has the wrong type.</summary>
    protected abstract void ValidateSchema(DataSchema schema);

    /// <summary>Produces the training rows.</summary>
    protected abstract DataTable Apply(DataTable input);
}
