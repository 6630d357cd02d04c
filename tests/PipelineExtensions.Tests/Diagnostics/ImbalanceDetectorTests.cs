using PipelineExtensions.Diagnostics;
using static PipelineExtensions.Tests.Diagnostics.DiagnosisTestData;

namespace PipelineExtensions.Tests.Diagnostics;

public class ImbalanceDetectorTests
{
    private static readonly string[] Two = ["class0", "class1"];

    [Fact]
    public void Collapse_on_imbalanced_data_is_critical_and_prescribes_rebalancing()
    {
        var actual = Labels(900, 100);
        var predictions = new DiagnosisPredictions(actual, new int[1000], Two);
        var data = new DiagnosisData(Blobs([900, 100]));
        var finding = Assert.Single(new MajorityClassCollapseDetector().Detect(Input(data: data, predictions: predictions)));
        Assert.Equal(FindingKind.MajorityClassCollapse, finding.Kind);
        Assert.Equal(Severity.Critical, finding.Severity);
        // Evidence: every prediction is class0, accuracy 90% = its share, balanced accuracy at chance.
        Assert.Equal(1.0, finding.Evidence[0].Value);
        Assert.Equal(0.5, finding.Evidence[1].Value);
        Assert.Equal(0.9, finding.Evidence.Single(e => e.Name == "accuracy").Value, 12);
        Assert.Equal(9.0, finding.Evidence.Single(e => e.Name.StartsWith("training class ratio")).Value, 12);
        Assert.Equal([RemedyKind.ClassWeights, RemedyKind.OverSample, RemedyKind.MonitorBalancedAccuracy], finding.Remedies.Select(r => r.Kind));
        Assert.Contains("'class0'", finding.Title);
    }

    [Fact]
    public void Stuck_at_fifty_percent_on_balanced_data_points_at_optimisation()
    {
        // The classic "stuck at 50%": balanced binary data, every prediction the same class.
        var predictions = new DiagnosisPredictions(Labels(500, 500), Enumerable.Repeat(1, 1000).ToArray(), Two);
        var finding = Assert.Single(new MajorityClassCollapseDetector().Detect(Input(predictions: predictions)));
        Assert.Equal(0.5, finding.Evidence.Single(e => e.Name == "accuracy").Value, 12);
        Assert.Contains("'class1'", finding.Title);
        Assert.Equal(RemedyKind.LowerLearningRate, finding.Remedies[0].Kind);
        Assert.Contains(finding.Remedies, r => r.Kind == RemedyKind.NormalizeFeatures);
    }

    [Fact]
    public void Collapse_is_read_from_the_history_when_there_are_no_predictions()
    {
        var history = History(Series(8, e => 0.33), Series(8, e => 0.33), classes: 2, valConfusion: _ => Collapsed(900, 100));
        var finding = Assert.Single(new MajorityClassCollapseDetector().Detect(Input(history)));
        Assert.Contains("validation, epoch 8", finding.Evidence[0].Name);
        // All 8 epochs sat at 90% validation accuracy = the majority share.
        Assert.Equal(8, finding.Evidence.Single(e => e.Name.StartsWith("final epochs")).Value);
    }

    [Fact]
    public void Good_or_merely_biased_predictions_are_not_collapse()
    {
        var actual = Labels(900, 100);
        Assert.Empty(new MajorityClassCollapseDetector().Detect(Input(predictions: Predictions(actual, 2, 0.9))));
        // 95% of predictions on class0, but the minority is still recognised half the time: balanced accuracy 0.75.
        var predicted = actual.Select((a, i) => a == 1 && i % 2 == 0 ? 1 : 0).ToArray();
        var biased = new DiagnosisPredictions(actual, predicted, Two);
        Assert.True(biased.Confusion.PredictedCount(0) / 1000.0 >= 0.8);
        Assert.Empty(new MajorityClassCollapseDetector().Detect(Input(predictions: biased)));
    }

    [Fact]
    public void Imbalance_ratio_is_measured_and_graded()
    {
        var mild = Assert.Single(new ClassImbalanceDetector().Detect(Input(data: new DiagnosisData(Blobs([900, 100])))));
        Assert.Equal(9.0, mild.Evidence[0].Value, 12);
        Assert.Equal(Severity.Info, mild.Severity);
        var severe = Assert.Single(new ClassImbalanceDetector().Detect(Input(data: new DiagnosisData(Blobs([50, 1000, 200])))));
        Assert.Equal(20.0, severe.Evidence[0].Value, 12);
        Assert.Equal(Severity.Warning, severe.Severity);
        Assert.Contains("'class1' has 1000 rows, 'class0' 50", severe.Title);
        Assert.Equal(RemedyKind.OverSample, severe.Remedies[0].Kind);
        Assert.True(severe.Confidence > mild.Confidence);
    }

    [Fact]
    public void Balanced_or_mildly_uneven_data_is_not_imbalanced()
    {
        Assert.Empty(new ClassImbalanceDetector().Detect(Input(data: new DiagnosisData(Blobs([500, 450])))));
        Assert.Empty(new ClassImbalanceDetector().Detect(Input(data: new DiagnosisData(Blobs([300, 101, 200])))));
    }

    [Fact]
    public void Options_are_validated_with_the_parameter_name()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MajorityClassCollapseDetector(new() { MinPredictedShare = 0 }));
        Assert.Contains("MinPredictedShare", e.Message);
        var r = Assert.Throws<ArgumentOutOfRangeException>(() => new ClassImbalanceDetector(new() { MinRatio = 5, WarningRatio = 2 }));
        Assert.Contains("WarningRatio", r.Message);
    }
}
