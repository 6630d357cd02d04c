using PipelineExtensions.Data;
using PipelineExtensions.Persistence;
using PipelineExtensions.Pipeline;

namespace PipelineExtensions.Tests.Pipeline;

public class EstimatorChainTests
{
    private static DataTable Table(params float[] x) => new(new ScalarColumn<float>("x", x), new TextColumn("name", x.Select(v => (string?)v.ToString()).ToArray()));

    [Fact]
    public void Missing_column_fails_before_any_step_fits_and_names_the_column()
    {
        var chain = new CenterEstimator("x").Append(new CenterEstimator("nope"));
        var e = Assert.Throws<SchemaMismatchException>(() => chain.Fit(Table(1, 2, 3)));
        Assert.Equal("nope", e.Column);
        Assert.Contains("'x'", e.Message);
        Assert.Null(e.Actual);
    }

    [Fact]
    public void Wrong_type_names_expected_and_actual()
    {
        var chain = new CenterEstimator("x").Append(new CenterEstimator("name"));
        var e = Assert.Throws<SchemaMismatchException>(() => chain.Fit(Table(1, 2, 3)));
        Assert.Equal("Single", e.Expected);
        Assert.Equal("Text", e.Actual);
    }

    [Fact]
    public void Train_only_step_changes_what_later_steps_fit_on_but_not_predictions()
    {
        // Training data [0, 4]; the duplicated rows have the same mean, so use an asymmetric train-only step instead:
        var data = Table(0, 4);
        var chain = new EstimatorChain<ITransformer>().Append(new AppendValue(10f)).Append(new CenterEstimator("x"));
        var model = chain.Fit(data);
        // The center was fitted on [0, 4, 10] → mean 14/3.
        Assert.Equal(14f / 3f, model.LastTransformer.Mean, 5);
        // At prediction time the train-only step passes data through: 2 rows in, 2 rows out.
        var output = model.Transform(data);
        Assert.Equal(2, output.RowCount);
        Assert.IsType<PassThroughTransformer>(model.Transformers[0]);
    }

    [Fact]
    public void Saved_chain_loads_and_predicts_bit_identically()
    {
        var data = Table(1.5f, 2.25f, 7f);
        var model = new DuplicateRows().Append(new CenterEstimator("x")).Fit(data);
        string path = Path.Combine(Path.GetTempPath(), $"chain-{Guid.NewGuid():N}.zip");
        try
        {
            ModelFile.Save(model, data.Schema, path);
            var loaded = ModelFile.Load(path, out var schema);
            Assert.True(schema.SameAs(data.Schema));
            var a = model.Transform(data).GetColumn<ScalarColumn<float>>("x").ToArray();
            var b = loaded.Transform(data).GetColumn<ScalarColumn<float>>("x").ToArray();
            Assert.Equal(a, b);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Truncated_or_foreign_files_fail_with_a_clear_error()
    {
        var data = Table(1, 2);
        var model = new CenterEstimator("x").Fit(data);
        using var ms = new MemoryStream();
        ModelFile.Save(model, data.Schema, ms);
        var bytes = ms.ToArray();
        var truncated = new MemoryStream(bytes[..(bytes.Length / 2)]);
        Assert.Throws<ModelFormatException>(() => ModelFile.Load(truncated, out _));
        var foreign = new MemoryStream("hello, not a zip"u8.ToArray());
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load(foreign, out _));
        Assert.Contains("not a PipelineExtensions model file", e.Message);
    }

    private sealed class AppendValue(float value) : TrainOnlyEstimator
    {
        public override string StepName => "AppendValue";

        protected override void ValidateSchema(DataSchema schema) => schema.Require("x", t => t == ColumnType.Single, "Single", StepName);

        protected override DataTable Apply(DataTable input) =>
            input.AppendRows(new DataTable(new ScalarColumn<float>("x", [value]), new TextColumn("name", ["extra"])));
    }
}
