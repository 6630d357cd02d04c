using PipelineExtensions.Data.Samples;
using PipelineExtensions.Diagnostics;
using PipelineExtensions.Pipeline;

namespace PipelineExtensions.Tests.Diagnostics;

/// <summary>The README's "Why did it plateau?" example on the embedded imbalanced sample, kept compiling and true.</summary>
public class ReadmeDiagnosisExampleTests
{
    [Fact]
    public void Readme_diagnosis_example_names_the_imbalance()
    {
        var ctx = new PipelineContext(seed: 1);
        var data = SampleData.ImbalancedTabular();
        var (train, validation, _, _) = ctx.Data.StratifiedTrainValidationSplit(data, "label", validationFraction: 0.2);
        var model = ctx.Transforms.Concatenate("Features", "f01", "f02", "f03", "f04", "f05", "f06",
                                                           "f07", "f08", "f09", "f10", "f11", "f12")
            .Append(ctx.Transforms.NormalizeMeanVariance("Features"))
            .Append(ctx.Transforms.SelectColumns("Features", "label"))
            .Fit(train);
        var prepared = model.Transform(validation);

        var diagnosis = ctx.Diagnostics.Diagnose(history: null,
            new DiagnosisData(model.Transform(train), prepared, labelColumnName: "label"),
            predictions: null);

        var imbalance = diagnosis.Find(FindingKind.ClassImbalance);
        Assert.NotNull(imbalance);
        Assert.Contains(diagnosis.Remedies, r => r.Kind == RemedyKind.OverSample);
        Assert.False(diagnosis.Has(FindingKind.DuplicatesAcrossSplits));
        Assert.False(diagnosis.Has(FindingKind.NonFiniteValues));
    }
}
