using System.Diagnostics;
using PipelineExtensions.Data;
using PipelineExtensions.Data.Samples;
using PipelineExtensions.Diagnostics;
using Xunit.Abstractions;

namespace PipelineExtensions.Tests.Diagnostics;

public class RealDataDiagnosisTests(ITestOutputHelper output)
{
    [Fact]
    public void Embedded_fashion_mnist_splits_are_clean_and_an_imbalanced_subset_is_named()
    {
        var train = SampleData.FashionMnistTrain();
        var test = SampleData.FashionMnistTest();
        var watch = Stopwatch.StartNew();
        var diagnosis = new PlateauDoctor().Diagnose(null, new DiagnosisData(train, test, featureColumnName: "Image"));
        output.WriteLine($"{watch.ElapsedMilliseconds} ms\n{diagnosis}");
        Assert.False(diagnosis.Has(FindingKind.DuplicatesAcrossSplits));
        Assert.False(diagnosis.Has(FindingKind.NonFiniteValues));
        Assert.False(diagnosis.Has(FindingKind.ClassImbalance));

        // Keep all of classes 0-1 and a tenth of the rest: 20:1.
        var labels = train.GetColumn<KeyColumn>("Label");
        var seen = new int[10];
        var rows = Enumerable.Range(0, train.RowCount).Where(i => labels[i] < 2 || seen[labels[i]]++ < 10).ToArray();
        var imbalanced = new PlateauDoctor().Diagnose(null, new DiagnosisData(train.Gather(rows), test, featureColumnName: "Image"));
        output.WriteLine(imbalanced.ToString());
        var finding = imbalanced.Find(FindingKind.ClassImbalance)!;
        Assert.Equal(20.0, finding.Evidence[0].Value, 12);
        Assert.Equal(Severity.Warning, finding.Severity);
    }
}
