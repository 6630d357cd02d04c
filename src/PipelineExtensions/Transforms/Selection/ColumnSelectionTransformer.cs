using PipelineExtensions.Data;
using PipelineExtensions.Persistence;
using PipelineExtensions.Pipeline;

namespace PipelineExtensions.Transforms.Selection;

/// <summary>Keeps only the named columns (in the given order), or drops the named columns; every name must exist.</summary>
[ModelComponent("pipex.select-columns")]
public sealed class ColumnSelectionTransformer : ITransformer
{
    /// <summary>Creates the transformer.</summary>
    /// <param name="columnNames">The columns to keep or drop.</param>
    /// <param name="keep">True: keep only these columns; false: drop them.</param>
    public ColumnSelectionTransformer(IReadOnlyList<string> columnNames, bool keep)
    {
        ArgumentNullException.ThrowIfNull(columnNames);
        if (columnNames.Count == 0)
            throw new ArgumentException($"{(keep ? "SelectColumns" : "DropColumns")} needs at least one column name.", nameof(columnNames));
        ColumnNames = columnNames.ToArray();
        Keep = keep;
    }

    /// <summary>The columns kept or dropped.</summary>
    public IReadOnlyList<string> ColumnNames { get; }

    /// <summary>True when <see cref="ColumnNames"/> are kept, false when they are dropped.</summary>
    public bool Keep { get; }

    private string StepName => Keep ? "SelectColumns" : "DropColumns";

    /// <inheritdoc />
    public DataSchema GetOutputSchema(DataSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var columns = ColumnNames.Select(n => inputSchema.Require(n, _ => true, "any type", StepName)).ToArray();
        return Keep ? new DataSchema(columns) : inputSchema.Without([.. ColumnNames]);
    }

    /// <inheritdoc />
    public DataTable Transform(DataTable input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(input.Schema);
        return Keep ? input.SelectColumns([.. ColumnNames]) : input.WithoutColumns([.. ColumnNames]);
    }

    /// <inheritdoc />
    public void Save(ModelSaveContext context)
    {
        context.Set("columns", ColumnNames);
        context.Set("keep", Keep);
    }

    /// <summary>Loads the transformer from a model file.</summary>
    public static ColumnSelectionTransformer Load(ModelLoadContext context) => new(context.GetStrings("columns"), context.GetBoolean("keep"));

    /// <inheritdoc />
    public override string ToString() => $"{StepName}({string.Join(", ", ColumnNames)})";
}
