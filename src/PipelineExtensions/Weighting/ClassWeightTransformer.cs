using PipelineExtensions.Data;
using PipelineExtensions.Persistence;
using PipelineExtensions.Pipeline;

namespace PipelineExtensions.Weighting;

/// <summary>
/// Writes an example-weight column (Single): the fitted weight of each row's class, times the input weight
/// column when one is given; rows with a missing label weigh 0. Saved in model files with its weights.
/// </summary>
[ModelComponent("pipex.class-weights")]
public sealed class ClassWeightTransformer : ITransformer
{
    private readonly double[] _weights;

    /// <summary>Creates the transformer from per-class weights indexed by key value.</summary>
    public ClassWeightTransformer(string labelColumnName, string outputColumnName, string? inputWeightColumnName, KeyType keyType, IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(keyType);
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count != keyType.Count)
            throw new ArgumentException($"{weights.Count} class weights for a key type of {keyType.Count} classes.", nameof(weights));
        LabelColumnName = Options.Check.NotEmpty(labelColumnName);
        OutputColumnName = Options.Check.NotEmpty(outputColumnName);
        InputWeightColumnName = inputWeightColumnName;
        KeyType = keyType;
        _weights = weights.ToArray();
    }

    /// <summary>The label column.</summary>
    public string LabelColumnName { get; }

    /// <summary>The weight column written.</summary>
    public string OutputColumnName { get; }

    /// <summary>The weight column multiplied in, or null.</summary>
    public string? InputWeightColumnName { get; }

    /// <summary>The label's key type seen in training; transformed data must have the same classes.</summary>
    public KeyType KeyType { get; }

    /// <summary>The per-class weights, indexed by key value.</summary>
    public IReadOnlyList<double> Weights => _weights;

    internal static DataSchema OutputSchema(DataSchema input, string output, string? inputWeight, string step)
    {
        if (inputWeight is not null)
            input.Require(inputWeight, t => t == ColumnType.Single, "Single", step);
        if (input.TryGet(output, out var existing) && existing.Type != ColumnType.Single)
            throw new SchemaMismatchException(output, "Single (it is replaced by the example weights)", existing.Type.DisplayName, step);
        return input.With(new SchemaColumn(output, ColumnType.Single));
    }

    /// <inheritdoc />
    public DataSchema GetOutputSchema(DataSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var label = inputSchema.Require(LabelColumnName, t => t is KeyType, "Key", nameof(ClassWeightTransformer));
        if (!label.Type.Equals(KeyType))
            throw new SchemaMismatchException(LabelColumnName, KeyType.DisplayName, label.Type.DisplayName, nameof(ClassWeightTransformer));
        return OutputSchema(inputSchema, OutputColumnName, InputWeightColumnName, nameof(ClassWeightTransformer));
    }

    /// <inheritdoc />
    public DataTable Transform(DataTable input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(input.Schema);
        var keys = input.GetColumn<KeyColumn>(LabelColumnName).Keys;
        var perClass = _weights.Select(w => (float)w).ToArray();
        var result = new float[keys.Length];
        for (int i = 0; i < keys.Length; i++)
            result[i] = keys[i] < 0 ? 0f : perClass[keys[i]];
        if (InputWeightColumnName is not null)
        {
            var existing = input.GetColumn<ScalarColumn<float>>(InputWeightColumnName).Values;
            for (int i = 0; i < result.Length; i++)
                result[i] = keys[i] < 0 ? 0f : (float)(existing[i] * _weights[keys[i]]);
        }
        return input.WithColumn(new ScalarColumn<float>(OutputColumnName, result));
    }

    /// <inheritdoc />
    public void Save(ModelSaveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Set("label", LabelColumnName);
        context.Set("output", OutputColumnName);
        context.Set("inputWeight", InputWeightColumnName);
        context.Set("classes", KeyType.ClassNames);
        context.Set("weights", (IEnumerable<double>)_weights);
    }

    /// <summary>Loads a transformer saved by <see cref="Save"/>.</summary>
    public static ClassWeightTransformer Load(ModelLoadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var classes = context.GetStrings("classes");
        var weights = context.GetDoubles("weights");
        if (classes.Length == 0 || weights.Length != classes.Length)
            throw context.Corrupt($"{weights.Length} weights for {classes.Length} classes");
        return new ClassWeightTransformer(context.GetString("label"), context.GetString("output"), context.GetNullableString("inputWeight"), new KeyType(classes), weights);
    }
}
