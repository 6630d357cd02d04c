using PipelineExtensions.Data;
using PipelineExtensions.Pipeline;

namespace PipelineExtensions.Transforms.Normalize;

/// <summary>
/// Learns per-slot normalization statistics on the training data only and returns a
/// <see cref="NormalizingTransformer"/> that applies them to any data (validation, test, production):
/// min-max onto a range, or mean-variance (standardization). NaN values are ignored when fitting. Constant
/// slots follow scikit-learn: a zero range or standard deviation counts as 1.
/// </summary>
public sealed class NormalizingEstimator : IEstimator<NormalizingTransformer>
{
    private readonly NormalizerKind _kind;
    private readonly string _output;
    private readonly string _input;
    private readonly double _rangeMin;
    private readonly double _rangeMax;
    private readonly bool _center;

    /// <summary>A min-max normalizer.</summary>
    public NormalizingEstimator(MinMaxNormalizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        (_kind, _output, _input, _rangeMin, _rangeMax, _center) =
            (NormalizerKind.MinMax, options.OutputColumnName, options.ResolvedInputColumnName, options.RangeMin, options.RangeMax, true);
    }

    /// <summary>A mean-variance normalizer.</summary>
    public NormalizingEstimator(MeanVarianceNormalizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        (_kind, _output, _input, _rangeMin, _rangeMax, _center) =
            (NormalizerKind.MeanVariance, options.OutputColumnName, options.ResolvedInputColumnName, 0, 1, options.Center);
    }

    /// <inheritdoc />
    public DataSchema GetOutputSchema(DataSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var column = inputSchema.Require(_input, t => t is VectorType || t == ColumnType.Single || t == ColumnType.Double, "Single, Double, Vector or Image", $"Normalize{_kind}");
        return inputSchema.With(new SchemaColumn(_output, column.Type));
    }

    /// <inheritdoc />
    public NormalizingTransformer Fit(DataTable input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(input.Schema);
        var column = input.GetColumn(_input);
        var (offset, scale) = column switch
        {
            VectorColumn v => Statistics(v.BackingArray, v.Length, v.Size),
            ScalarColumn<float> f => Statistics(f.BackingArray, f.Length, 1),
            ScalarColumn<double> d => Statistics(d.BackingArray, d.Length, 1),
            _ => throw new SchemaMismatchException(_input, "Single, Double, Vector or Image", column.Type.DisplayName, $"Normalize{_kind}"),
        };
        return new NormalizingTransformer(_kind, _output, _input, column.Type, offset, scale, _kind == NormalizerKind.MinMax ? _rangeMin : 0);
    }

    private (double[] Offset, double[] Scale) Statistics<T>(T[] data, int rows, int slots) where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        if (rows == 0)
            throw new ArgumentException($"Normalize{_kind} cannot fit on an empty table (column '{_input}').");
        if (_kind == NormalizerKind.MinMax)
        {
            var (min, max) = SlotStatistics.MinMax(data, rows, slots);
            var scale = new double[slots];
            for (int j = 0; j < slots; j++)
            {
                double range = max[j] - min[j];
                scale[j] = (_rangeMax - _rangeMin) / (range == 0 ? 1 : range);
            }
            return (min, scale);
        }
        var (mean, variance) = SlotStatistics.MeanVariance(data, rows, slots);
        var inverse = new double[slots];
        for (int j = 0; j < slots; j++)
        {
            double std = Math.Sqrt(variance[j]);
            inverse[j] = 1 / (std == 0 ? 1 : std);
        }
        return (_center ? mean : new double[slots], inverse);
    }

    /// <inheritdoc />
    public override string ToString() => $"Normalize{_kind}({_input} → {_output})";
}
