using PipelineExtensions.Data;
using PipelineExtensions.Persistence;
using PipelineExtensions.Pipeline;

namespace PipelineExtensions.Transforms.KeyMapping;

/// <summary>
/// Maps values (text, integers or booleans, by their text form) to keys of the learned <see cref="KeyType"/>;
/// values it has not seen, and missing values, become the missing key (−1), as in ML.NET.
/// </summary>
[ModelComponent("pipex.value-to-key")]
public sealed class ValueToKeyTransformer : ITransformer
{
    private readonly Dictionary<string, int> _index;

    internal ValueToKeyTransformer(string outputColumnName, string inputColumnName, KeyType keyType)
    {
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        KeyType = keyType;
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < keyType.Count; i++)
            _index[keyType.ClassNames[i]] = i;
    }

    /// <summary>The key column written.</summary>
    public string OutputColumnName { get; }

    /// <summary>The column read.</summary>
    public string InputColumnName { get; }

    /// <summary>The learned key type (class names).</summary>
    public KeyType KeyType { get; }

    internal static bool Accepts(ColumnType type) => type is TextType || type == ColumnType.Int32 || type == ColumnType.Boolean;

    internal const string Expected = "Text, Int32 or Boolean";

    /// <inheritdoc />
    public DataSchema GetOutputSchema(DataSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        inputSchema.Require(InputColumnName, Accepts, Expected, "MapValueToKey");
        return inputSchema.With(new SchemaColumn(OutputColumnName, KeyType));
    }

    /// <inheritdoc />
    public DataTable Transform(DataTable input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(input.Schema);
        var values = ValuesOf(input.GetColumn(InputColumnName));
        var keys = new int[values.Length];
        for (int i = 0; i < keys.Length; i++)
            keys[i] = values[i] is { } v && _index.TryGetValue(v, out int k) ? k : KeyColumn.Missing;
        return input.WithColumn(new KeyColumn(OutputColumnName, KeyType, keys));
    }

    /// <summary>The text form of each value (null for missing text).</summary>
    internal static string?[] ValuesOf(DataColumn column) => column switch
    {
        TextColumn t => t.Values.ToArray(),
        ScalarColumn<int> i => i.Values.ToArray().Select(v => (string?)v.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        ScalarColumn<bool> b => b.Values.ToArray().Select(v => (string?)(v ? "true" : "false")).ToArray(),
        _ => throw new SchemaMismatchException(column.Name, Expected, column.Type.DisplayName, "MapValueToKey"),
    };

    /// <inheritdoc />
    public void Save(ModelSaveContext context)
    {
        context.Set("output", OutputColumnName);
        context.Set("input", InputColumnName);
        context.Set("classes", KeyType.ClassNames);
    }

    /// <summary>Loads the transformer from a model file.</summary>
    public static ValueToKeyTransformer Load(ModelLoadContext context) =>
        new(context.GetString("output"), context.GetString("input"), ColumnType.Key(context.GetStrings("classes")));

    /// <inheritdoc />
    public override string ToString() => $"MapValueToKey({InputColumnName} → {OutputColumnName}, {KeyType.DisplayName})";
}
