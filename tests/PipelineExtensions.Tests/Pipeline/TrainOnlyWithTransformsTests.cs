using PipelineExtensions.Data;
using PipelineExtensions.Pipeline;

namespace PipelineExtensions.Tests.Pipeline;

public class TrainOnlyWithTransformsTests
{
    private readonly PipelineContext _ctx = new(seed: 1);

    /// <summary>Train-only: appends one row with x = 100 (an "oversampled" extreme).</summary>
    private sealed class AddExtremeRow : TrainOnlyEstimator
    {
        public override string StepName => "AddExtremeRow";

        protected override void ValidateSchema(DataSchema schema) => schema.Require("x", t => t == ColumnType.Single, "Single", StepName);

        protected override DataTable Apply(DataTable input) => input.AppendRows(new DataTable(new ScalarColumn<float>("x", [100f])));
    }

    [Fact]
    public void Normalizer_after_a_train_only_step_fits_on_its_rows_but_new_data_passes_untouched()
    {
        var train = new DataTable(new ScalarColumn<float>("x", [0f, 50f]));
        var model = new AddExtremeRow().Append(_ctx.Transforms.NormalizeMinMax("x")).Fit(train);
        // Fitted on [0, 50, 100]: 50 → 0.5. Without the train-only row it would be 1.
        var output = model.Transform(train);
        Assert.Equal(2, output.RowCount);
        Assert.Equal([0f, 0.5f], output.GetColumn<ScalarColumn<float>>("x").ToArray());
        Assert.Equal(0.01, model.LastTransformer.Scale[0], 12);
    }

    [Fact]
    public void Chain_schema_errors_name_the_step_column_and_types_before_any_fit()
    {
        var train = new DataTable(new ScalarColumn<float>("x", [1f]), new TextColumn("s", ["a"]));
        var chain = _ctx.Transforms.Concatenate("F", "x").Append(_ctx.Transforms.NormalizeMinMax("s"));
        var e = Assert.Throws<SchemaMismatchException>(() => chain.Fit(train));
        Assert.Contains("NormalizeMinMax", e.Message);
        Assert.Equal("s", e.Column);
        Assert.Equal("Text", e.Actual);
    }
}
