using PipelineExtensions.Data;
using PipelineExtensions.Persistence;
using PipelineExtensions.Pipeline;

namespace PipelineExtensions.Transforms.KeyMapping;

/// <summary>Maps a key column back to its class names as text (the missing key becomes null), e.g. for predictions.</summary>
[ModelComponent("pipex.key-to-value")]
public sealed class KeyToValueTransformer : ITransformer
{
    /// <summary>Creates the transformer.</summary>
    /// <param name="outputColumnName">The text column written (replaced if present).</param>
    /// <param name="inputColumnName">The key column read; null: the output column.</param>
    public KeyToValueTransformer(string outputColumnName, string? inputColumnName = null)
    {
        OutputColumnName = Options.Check.NotEmpty(outputColumnName);
        InputColumnName = inputColumnName ?? outputColumnName;
    }

    /// <summary>The text column written.</summary>
    public string OutputColumnName { get; }

    /// <summary>The key column read.</summary>
    public string InputColumnName { get; }

    /// <inheritdoc />
    public DataSchema GetOutputSchema(DataSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        inputSchema.Require(InputColumnName, t => t is KeyType, "Key", "MapKeyToValue");
        return inputSchema.With(new SchemaColumn(OutputColumnName, ColumnType.Text));
    }

    /// <inheritdoc />
    public DataTable Transform(DataTable input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(input.Schema);
        var key = input.GetColumn<KeyColumn>(InputColumnName);
        var names = key.KeyType.ClassNames;
        var values = new string?[key.Length];
        for (int i = 0; i < values.Length; i++)
            values[i] = key[i] < 0 ? null : names[key[i]];
        return input.WithColumn(new TextColumn(OutputColumnName, values));
    }

    /// <inheritdoc />
    public void Save(ModelSaveContext context)
    {
        context.Set("output", OutputColumnName);
        context.Set("input", InputColumnName);
    }

    /// <summary>Loads the transformer from a model file.</summary>
    public static KeyToValueTransformer Load(ModelLoadContext context) => new(context.GetString("output"), context.GetString("input"));

    /// <inheritdoc />
    public override string ToString() => $"MapKeyToValue({InputColumnName} → {OutputColumnName})";
}
