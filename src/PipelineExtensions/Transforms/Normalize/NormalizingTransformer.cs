using System.Numerics;
using PipelineExtensions.Data;
using PipelineExtensions.Persistence;
using PipelineExtensions.Pipeline;

namespace PipelineExtensions.Transforms.Normalize;

/// <summary>
/// A fitted normalizer: per slot, <c>y = (x − offset)·scale + shift</c>, with offset, scale and shift learned on
/// the training data (min-max or mean-variance). NaN stays NaN. The output has the input's type (Single,
/// Double, Vector or Image); Single and vector data are computed in float32 from the float32-rounded
/// parameters, Double data in float64.
/// </summary>
[ModelComponent("pipex.normalize")]
public sealed class NormalizingTransformer : ITransformer
{
    private const int RowBlock = 1024;
    private readonly double[] _offset;
    private readonly double[] _scale;
    private readonly float[] _offsetSingle;
    private readonly float[] _scaleSingle;

    internal NormalizingTransformer(NormalizerKind kind, string outputColumnName, string inputColumnName, ColumnType inputType, double[] offset, double[] scale, double shift)
    {
        Kind = kind;
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        InputType = inputType;
        _offset = offset;
        _scale = scale;
        Shift = shift;
        _offsetSingle = offset.Select(v => (float)v).ToArray();
        _scaleSingle = scale.Select(v => (float)v).ToArray();
    }

    /// <summary>The statistics this normalizer was fitted with.</summary>
    public NormalizerKind Kind { get; }

    /// <summary>The column written.</summary>
    public string OutputColumnName { get; }

    /// <summary>The column read.</summary>
    public string InputColumnName { get; }

    /// <summary>The type of the input column at fit time (the output has the same type).</summary>
    public ColumnType InputType { get; }

    /// <summary>Per-slot offset (training minimum or mean; 0 when not centering).</summary>
    public IReadOnlyList<double> Offset => _offset;

    /// <summary>Per-slot scale (range / (max − min), or 1 / standard deviation; constant slots get range or 1).</summary>
    public IReadOnlyList<double> Scale => _scale;

    /// <summary>Added after scaling (the target range minimum; 0 for mean-variance).</summary>
    public double Shift { get; }

    /// <inheritdoc />
    public DataSchema GetOutputSchema(DataSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var column = inputSchema.Require(InputColumnName, t => t is VectorType v ? v.Size == _offset.Length : t.Equals(InputType), InputType.DisplayName, $"Normalize{Kind}");
        return inputSchema.With(new SchemaColumn(OutputColumnName, column.Type));
    }

    /// <inheritdoc />
    public DataTable Transform(DataTable input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(input.Schema);
        var column = input.GetColumn(InputColumnName);
        DataColumn output = column switch
        {
            VectorColumn v => new VectorColumn(OutputColumnName, v.VectorType, Apply(v.BackingArray, _offsetSingle, _scaleSingle, (float)Shift)),
            ScalarColumn<float> f => new ScalarColumn<float>(OutputColumnName, Apply(f.BackingArray, _offsetSingle, _scaleSingle, (float)Shift)),
            ScalarColumn<double> d => new ScalarColumn<double>(OutputColumnName, Apply(d.BackingArray, _offset, _scale, Shift)),
            _ => throw new SchemaMismatchException(InputColumnName, InputType.DisplayName, column.Type.DisplayName, $"Normalize{Kind}"),
        };
        return input.WithColumn(output);
    }

    private static T[] Apply<T>(T[] data, T[] offset, T[] scale, T shift) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int slots = offset.Length;
        int rows = data.Length / slots;
        var result = GC.AllocateUninitializedArray<T>(data.Length);
        int blocks = (rows + RowBlock - 1) / RowBlock;
        Parallel.For(0, blocks, b =>
        {
            int end = Math.Min(rows, (b + 1) * RowBlock);
            for (int r = b * RowBlock; r < end; r++)
            {
                var x = data.AsSpan(r * slots, slots);
                var y = result.AsSpan(r * slots, slots);
                for (int j = 0; j < slots; j++)
                    y[j] = (x[j] - offset[j]) * scale[j] + shift;
            }
        });
        return result;
    }

    /// <inheritdoc />
    public void Save(ModelSaveContext context)
    {
        context.Set("kind", Kind.ToString());
        context.Set("output", OutputColumnName);
        context.Set("input", InputColumnName);
        context.SetJson("inputType", SchemaJson.ToJson(InputType));
        context.WriteArray("offset", _offset);
        context.WriteArray("scale", _scale);
        context.Set("shift", Shift);
    }

    /// <summary>Loads the transformer from a model file.</summary>
    public static NormalizingTransformer Load(ModelLoadContext context)
    {
        if (!Enum.TryParse<NormalizerKind>(context.GetString("kind"), out var kind))
            throw context.Corrupt($"an unknown normalizer kind '{context.GetString("kind")}'");
        ColumnType type;
        try
        {
            type = SchemaJson.TypeFromJson(context.GetJson("inputType"));
        }
        catch (FormatException e)
        {
            throw context.Corrupt($"a malformed input type ({e.Message})");
        }
        var offset = context.ReadDoubleArray("offset");
        var scale = context.ReadDoubleArray("scale");
        int slots = type is VectorType v ? v.Size : 1;
        if (offset.Length != slots || scale.Length != slots)
            throw context.Corrupt($"{offset.Length} offsets and {scale.Length} scales for {slots} slots");
        return new NormalizingTransformer(kind, context.GetString("output"), context.GetString("input"), type, offset, scale, context.GetDouble("shift"));
    }

    /// <inheritdoc />
    public override string ToString() => $"Normalize{Kind}({InputColumnName} → {OutputColumnName}, {_offset.Length} slots)";
}
