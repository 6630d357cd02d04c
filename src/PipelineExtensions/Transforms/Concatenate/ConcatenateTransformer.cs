using PipelineExtensions.Data;
using PipelineExtensions.Persistence;
using PipelineExtensions.Pipeline;

namespace PipelineExtensions.Transforms.Concatenate;

/// <summary>
/// Concatenates scalar columns (Single, Double, Int32, Boolean — converted to float32) and vector or image columns
/// (flattened, CHW) into one float vector column, in the order given: ML.NET's <c>Concatenate</c>.
/// </summary>
[ModelComponent("pipex.concatenate")]
public sealed class ConcatenateTransformer : ITransformer
{
    /// <summary>Creates the transformer.</summary>
    /// <param name="outputColumnName">The vector column written (replaced if present).</param>
    /// <param name="inputColumnNames">The columns read, in order (at least one).</param>
    public ConcatenateTransformer(string outputColumnName, IReadOnlyList<string> inputColumnNames)
    {
        OutputColumnName = Options.Check.NotEmpty(outputColumnName);
        ArgumentNullException.ThrowIfNull(inputColumnNames);
        if (inputColumnNames.Count == 0)
            throw new ArgumentException("Concatenate needs at least one input column.", nameof(inputColumnNames));
        foreach (var name in inputColumnNames)
            Options.Check.NotEmpty(name, nameof(inputColumnNames));
        InputColumnNames = inputColumnNames.ToArray();
    }

    /// <summary>The vector column written.</summary>
    public string OutputColumnName { get; }

    /// <summary>The columns read, in order.</summary>
    public IReadOnlyList<string> InputColumnNames { get; }

    /// <inheritdoc />
    public DataSchema GetOutputSchema(DataSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        int size = 0;
        foreach (var name in InputColumnNames)
        {
            var column = inputSchema.Require(name, t => t is ScalarType or VectorType, "Single, Double, Int32, Boolean, Vector or Image", "Concatenate");
            size = checked(size + (column.Type is VectorType v ? v.Size : 1));
        }
        return inputSchema.With(new SchemaColumn(OutputColumnName, ColumnType.Vector(size)));
    }

    /// <inheritdoc />
    public DataTable Transform(DataTable input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var type = (VectorType)GetOutputSchema(input.Schema)[OutputColumnName].Type;
        int rows = input.RowCount;
        int size = type.Size;
        var data = GC.AllocateUninitializedArray<float>(checked(rows * size));
        int offset = 0;
        foreach (var name in InputColumnNames)
        {
            var column = input.GetColumn(name);
            if (column is VectorColumn vector)
            {
                int width = vector.Size;
                var source = vector.Data;
                for (int r = 0; r < rows; r++)
                    source.Slice(r * width, width).CopyTo(data.AsSpan(r * size + offset, width));
                offset += width;
            }
            else
            {
                NumericColumns.ScalarToSingles(column, data, offset, size);
                offset++;
            }
        }
        return input.WithColumn(new VectorColumn(OutputColumnName, type, data));
    }

    /// <inheritdoc />
    public void Save(ModelSaveContext context)
    {
        context.Set("output", OutputColumnName);
        context.Set("inputs", InputColumnNames);
    }

    /// <summary>Loads the transformer from a model file.</summary>
    public static ConcatenateTransformer Load(ModelLoadContext context) => new(context.GetString("output"), context.GetStrings("inputs"));

    /// <inheritdoc />
    public override string ToString() => $"Concatenate({string.Join(", ", InputColumnNames)} → {OutputColumnName})";
}
