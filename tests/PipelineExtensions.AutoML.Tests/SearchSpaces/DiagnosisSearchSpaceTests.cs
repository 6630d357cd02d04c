using PipelineExtensions.AutoML.SearchSpaces;
using PipelineExtensions.Diagnostics;
using static PipelineExtensions.Diagnostics.RemedyParameter;

namespace PipelineExtensions.AutoML.Tests.SearchSpaces;

public sealed class DiagnosisSearchSpaceTests
{
    private static Diagnosis WithRemedies(params Remedy[] remedies) => new(
        [new Finding(FindingKind.ClassImbalance, "test", Severity.Warning, 0.5, "title", "", [], remedies)], ["a", "b"]);

    [Fact]
    public void Each_searchable_remedy_parameter_becomes_one_dimension_named_kind_dot_parameter()
    {
        var diagnosis = WithRemedies(
            new Remedy(RemedyKind.OverSample, PipelineStage.Sampling, "s", "d", [Choice("Sampler", "RandomOverSampler", "RandomOverSampler", "Smote"), Fixed("SamplingStrategy", "auto")]),
            new Remedy(RemedyKind.EarlyStopping, PipelineStage.Callbacks, "e", "d", [Fixed("Monitor", "val_loss"), Numeric("Patience", 5, 2, 15)]),
            new Remedy(RemedyKind.WeightDecay, PipelineStage.Regularization, "w", "d", [Numeric("WeightDecay", 1e-4, 1e-6, 1e-2, logScale: true)]),
            new Remedy(RemedyKind.Dropout, PipelineStage.Regularization, "m", "d", [Numeric("Dropout", 0.3, 0.1, 0.5)]));

        var space = new PipelineContext(seed: 1).AutoML.CreateSearchSpace(diagnosis);

        Assert.Equal(["OverSample.Sampler", "EarlyStopping.Patience", "WeightDecay.WeightDecay", "Dropout.Dropout"], space.Select(p => p.Name));
        var sampler = Assert.IsType<CategoricalDistribution>(space.Find("OverSample.Sampler"));
        Assert.Equal(["RandomOverSampler", "Smote"], sampler.Choices.Select(c => (string)c));
        var patience = Assert.IsType<IntDistribution>(space.Find("EarlyStopping.Patience"));
        Assert.Equal((2L, 15L), (patience.Low, patience.High));
        var decay = Assert.IsType<FloatDistribution>(space.Find("WeightDecay.WeightDecay"));
        Assert.True(decay.Log);
        Assert.Equal((1e-6, 1e-2), (decay.Low, decay.High));
        Assert.False(Assert.IsType<FloatDistribution>(space.Find("Dropout.Dropout")).Log);
    }

    [Fact]
    public void A_healthy_diagnosis_gives_an_empty_space()
    {
        Assert.Equal(0, new Diagnosis([], ["a", "b"]).ToSearchSpace().Count);
    }
}
