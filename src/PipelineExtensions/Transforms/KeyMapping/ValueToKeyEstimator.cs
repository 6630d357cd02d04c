using PipelineExtensions.Data;
using PipelineExtensions.Pipeline;

namespace PipelineExtensions.Transforms.KeyMapping;

/// <summary>Learns the class names of a text, integer or boolean column and maps it to a key column.</summary>
public sealed class ValueToKeyEstimator : IEstimator<ValueToKeyTransformer>
{
    private readonly ValueToKeyOptions _options;
    private readonly KeyType? _fixed;

    /// <summary>Creates the estimator.</summary>
    public ValueToKeyEstimator(ValueToKeyOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _fixed = options.ClassNames is null ? null : ColumnType.Key(options.ClassNames);
    }

    private string Input => _options.ResolvedInputColumnName;

    /// <inheritdoc />
    public DataSchema GetOutputSchema(DataSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        inputSchema.Require(Input, ValueToKeyTransformer.Accepts, ValueToKeyTransformer.Expected, "MapValueToKey");
        // The class names are only known after fitting; a placeholder key type stands for them.
        return inputSchema.With(new SchemaColumn(_options.OutputColumnName, _fixed ?? ColumnType.Key(["?"])));
    }

    /// <inheritdoc />
    public ValueToKeyTransformer Fit(DataTable input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(input.Schema);
        var type = _fixed;
        if (type is null)
        {
            var present = ValueToKeyTransformer.ValuesOf(input.GetColumn(Input)).OfType<string>();
            var names = _options.Ordinality == KeyOrdinality.ByValue ? KeyType.SortClassNames(present) : present.Distinct(StringComparer.Ordinal).ToArray();
            if (names.Length == 0)
                throw new ArgumentException($"MapValueToKey: column '{Input}' has no values to learn classes from.", nameof(input));
            type = ColumnType.Key(names);
        }
        return new ValueToKeyTransformer(_options.OutputColumnName, Input, type);
    }
}
