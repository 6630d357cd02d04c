using System.Globalization;
using PipelineExtensions.Data;
using PipelineExtensions.Persistence;
using PipelineExtensions.Pipeline;

namespace PipelineExtensions.Transforms.Conversion;

/// <summary>
/// Converts a scalar, key or text column to a scalar of another kind (ML.NET's <c>ConvertType</c>):
/// numbers and booleans convert among each other (true = 1; a number is true when non-zero; floats to Int32
/// truncate toward zero), keys convert to their class index (missing → NaN, or −1 for Int32), text is parsed
/// (invariant culture; true/false/1/0 for booleans; null → NaN for floats). A value that cannot be represented
/// (NaN or out of range to Int32, unparsable text) is an error naming the column and row.
/// </summary>
[ModelComponent("pipex.convert-type")]
public sealed class ConvertTypeTransformer : ITransformer
{
    /// <summary>Creates the transformer.</summary>
    /// <param name="outputColumnName">The column written (replaced if present).</param>
    /// <param name="inputColumnName">The column read; null: the output column.</param>
    /// <param name="outputKind">The scalar kind to convert to.</param>
    public ConvertTypeTransformer(string outputColumnName, string? inputColumnName, ScalarKind outputKind)
    {
        OutputColumnName = Options.Check.NotEmpty(outputColumnName);
        InputColumnName = inputColumnName ?? outputColumnName;
        if (!Enum.IsDefined(outputKind))
            throw new ArgumentOutOfRangeException(nameof(outputKind), outputKind, "Unknown scalar kind.");
        OutputKind = outputKind;
    }

    /// <summary>The column written.</summary>
    public string OutputColumnName { get; }

    /// <summary>The column read.</summary>
    public string InputColumnName { get; }

    /// <summary>The scalar kind written.</summary>
    public ScalarKind OutputKind { get; }

    /// <inheritdoc />
    public DataSchema GetOutputSchema(DataSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        inputSchema.Require(InputColumnName, t => t is ScalarType or KeyType or TextType, "Single, Double, Int32, Boolean, Key or Text", "ConvertType");
        return inputSchema.With(new SchemaColumn(OutputColumnName, new ScalarType(OutputKind)));
    }

    /// <inheritdoc />
    public DataTable Transform(DataTable input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(input.Schema);
        var column = input.GetColumn(InputColumnName);
        int n = column.Length;
        var values = new double[n];
        for (int i = 0; i < n; i++)
            values[i] = AsDouble(column, i);
        DataColumn output = OutputKind switch
        {
            ScalarKind.Single => new ScalarColumn<float>(OutputColumnName, values.Select(v => (float)v).ToArray()),
            ScalarKind.Double => new ScalarColumn<double>(OutputColumnName, values),
            ScalarKind.Int32 => new ScalarColumn<int>(OutputColumnName, Convert(values, ToInt32)),
            _ => new ScalarColumn<bool>(OutputColumnName, Convert(values, ToBoolean)),
        };
        return input.WithColumn(output);
    }

    private T[] Convert<T>(double[] values, Func<double, T?> convert) where T : struct
    {
        var result = new T[values.Length];
        for (int i = 0; i < values.Length; i++)
            result[i] = convert(values[i])
                ?? throw new InvalidOperationException($"ConvertType: column '{InputColumnName}' row {i}: {values[i].ToString(CultureInfo.InvariantCulture)} cannot be converted to {OutputKind}.");
        return result;
    }

    private static int? ToInt32(double v) => double.IsNaN(v) || v <= int.MinValue - 1.0 || v >= int.MaxValue + 1.0 ? null : (int)v;

    private static bool? ToBoolean(double v) => double.IsNaN(v) ? null : v != 0;

    private double AsDouble(DataColumn column, int row) => column switch
    {
        ScalarColumn<float> f => f[row],
        ScalarColumn<double> d => d[row],
        ScalarColumn<int> i => i[row],
        ScalarColumn<bool> b => b[row] ? 1 : 0,
        KeyColumn k => k[row] < 0 ? (OutputKind == ScalarKind.Int32 ? -1 : double.NaN) : k[row],
        TextColumn t => Parse(t[row], row),
        _ => throw new SchemaMismatchException(InputColumnName, "Single, Double, Int32, Boolean, Key or Text", column.Type.DisplayName, "ConvertType"),
    };

    private double Parse(string? text, int row)
    {
        if (text is null)
            return double.NaN;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            return value;
        if (bool.TryParse(text, out bool flag))
            return flag ? 1 : 0;
        throw new FormatException($"ConvertType: column '{InputColumnName}' row {row}: cannot parse '{text}' as {OutputKind}.");
    }

    /// <inheritdoc />
    public void Save(ModelSaveContext context)
    {
        context.Set("output", OutputColumnName);
        context.Set("input", InputColumnName);
        context.Set("kind", OutputKind.ToString());
    }

    /// <summary>Loads the transformer from a model file.</summary>
    public static ConvertTypeTransformer Load(ModelLoadContext context) =>
        Enum.TryParse<ScalarKind>(context.GetString("kind"), out var kind)
            ? new ConvertTypeTransformer(context.GetString("output"), context.GetString("input"), kind)
            : throw context.Corrupt($"an unknown scalar kind '{context.GetString("kind")}'");

    /// <inheritdoc />
    public override string ToString() => $"ConvertType({InputColumnName} → {OutputColumnName}: {OutputKind})";
}
