using PipelineExtensions.Data;
using PipelineExtensions.Data.Csv;
using PipelineExtensions.Data.Samples;
using PipelineExtensions.Pipeline;
using PipelineExtensions.Tests.Data;

namespace PipelineExtensions.Tests.Pipeline;

/// <summary>The README's "A pipeline" example, kept compiling and working (with a temp copy of the sample file).</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void Readme_pipeline_example_runs()
    {
        using var dir = new TempDirectory();
        string csvPath = dir.File("credit-like.csv");
        using (var sample = SampleData.OpenImbalancedCsv())
        using (var file = File.Create(csvPath))
            sample.CopyTo(file);
        string modelPath = dir.File("model.zip");

        var ctx = new PipelineContext(seed: 1);
        var data = ctx.Data.LoadFromCsv(csvPath,
            new CsvLoaderOptions { KeyColumns = ["label"] });
        var (train, validation, _, _) = ctx.Data.StratifiedTrainValidationSplit(data, "label", validationFraction: 0.2);

        var pipeline = ctx.Transforms.Concatenate("Features", "f01", "f02", "f03", "f04", "f05", "f06",
                                                              "f07", "f08", "f09", "f10", "f11", "f12")
            .Append(ctx.Transforms.NormalizeMeanVariance("Features"))
            .Append(ctx.Transforms.SelectColumns("Features", "label"));
        var model = pipeline.Fit(train);
        var prepared = model.Transform(validation);

        ctx.Model.Save(model, train.Schema, modelPath);
        var loaded = ctx.Model.Load(modelPath, out var inputSchema);

        Assert.Equal(800, prepared.RowCount);
        Assert.Equal(ColumnType.Vector(12), prepared.Schema["Features"].Type);
        Assert.Equal(["fraud", "normal", "review"], prepared.GetColumn<KeyColumn>("label").KeyType.ClassNames);
        TableAssert.Identical(prepared, loaded.Transform(validation));
        Assert.True(inputSchema.SameAs(train.Schema));
    }
}
