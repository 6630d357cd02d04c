using PipelineExtensions.Data;
using PipelineExtensions.Pipeline;

namespace PipelineExtensions.Weighting;

/// <summary>
/// Learns per-class weights from the training labels (<see cref="ClassWeights.Compute(KeyColumn, ClassWeightOptions)"/>)
/// and fits a <see cref="ClassWeightTransformer"/> that writes them as an example-weight column, for trainers that
/// take one. Create it with <c>ctx.Transforms.AddClassWeights</c>.
/// </summary>
public sealed class ClassWeightEstimator : IEstimator<ClassWeightTransformer>
{
    private readonly ClassWeightOptions _options;

    /// <summary>Creates the estimator; the options are validated here.</summary>
    public ClassWeightEstimator(ClassWeightOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = new ClassWeightOptions
        {
            LabelColumnName = options.LabelColumnName,
            OutputColumnName = options.OutputColumnName,
            InputWeightColumnName = options.InputWeightColumnName,
            Scheme = options.Scheme,
            Beta = options.Beta,
            CustomWeights = options.CustomWeights is null ? null : new Dictionary<string, double>(options.CustomWeights, StringComparer.Ordinal),
            Normalization = options.Normalization,
        };
    }

    /// <inheritdoc />
    public DataSchema GetOutputSchema(DataSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        inputSchema.Require(_options.LabelColumnName, t => t is KeyType, "Key", nameof(ClassWeightEstimator));
        return ClassWeightTransformer.OutputSchema(inputSchema, _options.OutputColumnName, _options.InputWeightColumnName, nameof(ClassWeightEstimator));
    }

    /// <inheritdoc />
    public ClassWeightTransformer Fit(DataTable input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(input.Schema);
        var labels = input.GetColumn<KeyColumn>(_options.LabelColumnName);
        var weights = ClassWeights.Compute(labels, _options);
        return new ClassWeightTransformer(_options.LabelColumnName, _options.OutputColumnName, _options.InputWeightColumnName, labels.KeyType, weights);
    }
}
