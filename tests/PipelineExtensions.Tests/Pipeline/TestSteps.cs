using PipelineExtensions.Data;
using PipelineExtensions.Persistence;
using PipelineExtensions.Pipeline;

namespace PipelineExtensions.Tests.Pipeline;

/// <summary>Adds the training mean of a float column to it: a minimal fitted step for chain tests.</summary>
internal sealed class CenterEstimator(string column) : IEstimator<CenterTransformer>
{
    public DataSchema GetOutputSchema(DataSchema inputSchema)
    {
        inputSchema.Require(column, t => t == ColumnType.Single, "Single", nameof(CenterEstimator));
        return inputSchema;
    }

    public CenterTransformer Fit(DataTable input)
    {
        GetOutputSchema(input.Schema);
        var values = input.GetColumn<ScalarColumn<float>>(column).Values;
        double sum = 0;
        foreach (var v in values)
            sum += v;
        return new CenterTransformer(column, (float)(sum / values.Length));
    }
}

[ModelComponent("tests.center")]
internal sealed class CenterTransformer(string column, float mean) : ITransformer
{
    public string Column => column;

    public float Mean => mean;

    public DataSchema GetOutputSchema(DataSchema inputSchema)
    {
        inputSchema.Require(column, t => t == ColumnType.Single, "Single", nameof(CenterTransformer));
        return inputSchema;
    }

    public DataTable Transform(DataTable input)
    {
        var values = input.GetColumn<ScalarColumn<float>>(column).Values;
        var result = new float[values.Length];
        for (int i = 0; i < result.Length; i++)
            result[i] = values[i] - mean;
        return input.WithColumn(new ScalarColumn<float>(column, result));
    }

    public void Save(ModelSaveContext context)
    {
        context.Set("column", column);
        context.WriteArray("mean", [mean]);
    }

    public static CenterTransformer Load(ModelLoadContext context) => new(context.GetString("column"), context.ReadSingleArray("mean")[0]);
}

/// <summary>Train-only: appends a copy of every row (doubles the data).</summary>
internal sealed class DuplicateRows : TrainOnlyEstimator
{
    public override string StepName => "DuplicateRows";

    protected override void ValidateSchema(DataSchema schema)
    {
    }

    protected override DataTable Apply(DataTable input) => input.AppendRows(input);
}
