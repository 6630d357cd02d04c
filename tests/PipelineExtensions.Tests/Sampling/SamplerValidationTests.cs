using PipelineExtensions.Data;
using PipelineExtensions.Sampling;

namespace PipelineExtensions.Tests.Sampling;

/// <summary>Bad input gets one clear error, naming the class, row or column, from every sampler.</summary>
public class SamplerValidationTests
{
    public static TheoryData<string> SamplerNames() => new(AllSamplers(new PipelineContext(1)).Keys);

    internal static Dictionary<string, Sampler> AllSamplers(PipelineContext ctx) => new()
    {
        ["RandomOverSampler"] = ctx.Sampling.RandomOverSampler(),
        ["RandomUnderSampler"] = ctx.Sampling.RandomUnderSampler(),
        ["SMOTE"] = ctx.Sampling.Smote(),
        ["BorderlineSMOTE"] = ctx.Sampling.BorderlineSmote(),
        ["ADASYN"] = ctx.Sampling.Adasyn(),
        ["TomekLinks"] = ctx.Sampling.TomekLinks(),
        ["ENN"] = ctx.Sampling.EditedNearestNeighbours(),
        ["SMOTETomek"] = ctx.Sampling.SmoteTomek(),
        ["SMOTEENN"] = ctx.Sampling.SmoteEnn(),
    };

    [Theory]
    [MemberData(nameof(SamplerNames))]
    public void Single_class_is_refused_naming_the_class(string name)
    {
        var table = SamplingTestData.Table([30], 3);
        var e = Assert.Throws<ArgumentException>(() => AllSamplers(new PipelineContext(1))[name].FitResample(table));
        Assert.Contains("only one class", e.Message);
        Assert.Contains("'c0'", e.Message);
    }

    [Theory]
    [MemberData(nameof(SamplerNames))]
    public void Unknown_class_in_a_counts_strategy_is_refused_naming_it(string name)
    {
        var ctx = new PipelineContext(1);
        var sampler = name switch
        {
            "RandomUnderSampler" => (Sampler)ctx.Sampling.RandomUnderSampler(strategy: SamplingStrategy.Counts(new Dictionary<string, int> { ["dog"] = 3 })),
            "RandomOverSampler" => ctx.Sampling.RandomOverSampler(strategy: SamplingStrategy.Counts(new Dictionary<string, int> { ["dog"] = 30 })),
            "TomekLinks" => ctx.Sampling.TomekLinks(strategy: SamplingStrategy.Classes("dog")),
            "ENN" => ctx.Sampling.EditedNearestNeighbours(strategy: SamplingStrategy.Classes("dog")),
            "BorderlineSMOTE" => ctx.Sampling.BorderlineSmote(strategy: SamplingStrategy.Counts(new Dictionary<string, int> { ["dog"] = 30 })),
            "ADASYN" => ctx.Sampling.Adasyn(strategy: SamplingStrategy.Counts(new Dictionary<string, int> { ["dog"] = 30 })),
            "SMOTETomek" => ctx.Sampling.SmoteTomek(strategy: SamplingStrategy.Counts(new Dictionary<string, int> { ["dog"] = 30 })),
            "SMOTEENN" => ctx.Sampling.SmoteEnn(strategy: SamplingStrategy.Counts(new Dictionary<string, int> { ["dog"] = 30 })),
            _ => ctx.Sampling.Smote(strategy: SamplingStrategy.Counts(new Dictionary<string, int> { ["dog"] = 30 })),
        };
        var e = Assert.Throws<ArgumentException>(() => sampler.FitResample(SamplingTestData.Table([20, 10], 3)));
        Assert.Contains("'dog'", e.Message);
        Assert.Contains("not a class", e.Message);
    }

    [Theory]
    [InlineData("SMOTE")]
    [InlineData("BorderlineSMOTE")]
    [InlineData("ADASYN")]
    [InlineData("TomekLinks")]
    [InlineData("ENN")]
    [InlineData("SMOTETomek")]
    [InlineData("SMOTEENN")]
    public void NaN_feature_is_refused_naming_row_column_and_element(string name)
    {
        var table = SamplingTestData.Table([20, 10], 3, shuffle: false);
        var x = table.GetColumn<VectorColumn>("Features").Data.ToArray();
        x[17 * 3 + 2] = float.NaN;
        var bad = table.WithColumn(new VectorColumn("Features", ColumnType.Vector(3), x));
        var e = Assert.Throws<ArgumentException>(() => AllSamplers(new PipelineContext(1))[name].FitResample(bad));
        Assert.Contains("row 17", e.Message);
        Assert.Contains("'Features'", e.Message);
        Assert.Contains("element 2", e.Message);
    }

    [Theory]
    [InlineData("SMOTE")]
    [InlineData("BorderlineSMOTE")]
    [InlineData("ADASYN")]
    [InlineData("SMOTETomek")]
    [InlineData("SMOTEENN")]
    public void Class_smaller_than_k_plus_one_is_refused_naming_the_class(string name)
    {
        var table = SamplingTestData.Table([20, 4], 3);
        var e = Assert.Throws<ArgumentException>(() => AllSamplers(new PipelineContext(1))[name].FitResample(table));
        Assert.Contains("'c1'", e.Message);
        Assert.Contains("4 rows", e.Message);
        Assert.Contains("NeighbourCount = 5", e.Message);
    }

    [Fact]
    public void Missing_label_is_refused_naming_the_row()
    {
        var table = SamplingTestData.Table([20, 10], 3);
        var keys = table.GetColumn<KeyColumn>("Label").Keys.ToArray();
        keys[11] = KeyColumn.Missing;
        var bad = table.WithColumn(new KeyColumn("Label", ColumnType.Key(["c0", "c1"]), keys));
        var e = Assert.Throws<ArgumentException>(() => new PipelineContext(1).Sampling.RandomOverSampler().FitResample(bad));
        Assert.Contains("row 11", e.Message);
    }

    [Fact]
    public void Wrong_column_types_fail_the_schema_check_before_data_flows()
    {
        var table = SamplingTestData.Table([20, 10], 3);
        var e = Assert.Throws<SchemaMismatchException>(() => new PipelineContext(1).Sampling.Smote("Weight", "Label").GetOutputSchema(table.Schema));
        Assert.Equal("Weight", e.Column);
        var e2 = Assert.Throws<SchemaMismatchException>(() => new PipelineContext(1).Sampling.Smote("Features", "Id").GetOutputSchema(table.Schema));
        Assert.Equal("Id", e2.Column);
    }

    [Fact]
    public void Bad_options_are_refused_at_construction_naming_the_option()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new PipelineContext(1).Sampling.Smote(neighbourCount: 0));
        Assert.Contains("NeighbourCount", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => SamplingStrategy.Ratio(1.5));
        Assert.Throws<ArgumentException>(() => SamplingStrategy.Parse("most"));
    }
}
