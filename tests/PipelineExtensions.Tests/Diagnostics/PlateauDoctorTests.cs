using System.Text.Json.Nodes;
using PipelineExtensions.Data;
using PipelineExtensions.Diagnostics;
using static PipelineExtensions.Tests.Diagnostics.DiagnosisTestData;

namespace PipelineExtensions.Tests.Diagnostics;

public class PlateauDoctorTests
{
    [Fact]
    public void A_healthy_run_on_clean_data_has_no_findings()
    {
        var data = new DiagnosisData(Blobs([300, 300], seed: 1), Blobs([100, 100], seed: 2));
        var predictions = Predictions(data.ValidationLabels!.Keys.ToArray(), 2, 0.95);
        var diagnosis = new PlateauDoctor().Diagnose(Healthy(), data, predictions);
        Assert.Empty(diagnosis.Findings);
        Assert.True(diagnosis.IsHealthy);
        Assert.Empty(diagnosis.Remedies);
        Assert.Equal("No problems found.", diagnosis.ToString());
    }

    [Fact]
    public void Findings_are_ranked_by_severity_then_confidence()
    {
        // Imbalanced 20:1 data with two constant features, a collapsed model and an overfitting curve.
        var train = EditFeatures(Blobs([1000, 50]), (x, d) => { for (int r = 0; r < x.Length / d; r++) x[r * d + 6] = x[r * d + 7] = 0; });
        var data = new DiagnosisData(train);
        var predictions = new DiagnosisPredictions(Labels(500, 25), new int[525], ["class0", "class1"]);
        var history = History(Series(12, e => 0.3 * Math.Exp(-e / 3.0)), Series(12, e => e <= 4 ? 0.4 - 0.02 * e : 0.32 + 0.01 * (e - 4)));
        var diagnosis = new PlateauDoctor().Diagnose(history, data, predictions);
        var kinds = diagnosis.Findings.Select(f => f.Kind).ToArray();
        Assert.Equal(FindingKind.MajorityClassCollapse, kinds[0]);
        Assert.Contains(FindingKind.ClassImbalance, kinds);
        Assert.Contains(FindingKind.Overfitting, kinds);
        Assert.Equal(FindingKind.ConstantFeatures, kinds[^1]);
        for (int i = 1; i < diagnosis.Findings.Count; i++)
            Assert.True(diagnosis.Findings[i - 1].Score >= diagnosis.Findings[i].Score);
        Assert.False(diagnosis.IsHealthy);
        Assert.Same(diagnosis.Findings[0], diagnosis.Top);
        // The plan: one remedy per kind, in rank order — the collapse's class weights first.
        Assert.Equal(RemedyKind.ClassWeights, diagnosis.Remedies[0].Kind);
        Assert.Equal(diagnosis.Remedies.Select(r => r.Kind).Distinct().Count(), diagnosis.Remedies.Count);
        Assert.Contains(diagnosis.SearchSpace, d => d.Name == "ClassWeights.Scheme" && d.Parameter.Choices!.Contains("EffectiveNumber"));
        Assert.Contains(diagnosis.SearchSpace, d => d.Name == "WeightDecay.WeightDecay" && d.Parameter.LogScale);
    }

    [Fact]
    public void Conflicting_remedies_keep_the_higher_ranked()
    {
        var high = new FixedDetector(Severity.Critical, StandardRemedies.LowerLearningRate(0.1));
        var low = new FixedDetector(Severity.Warning, StandardRemedies.RaiseLearningRate(0.1), StandardRemedies.GradientClipping());
        var diagnosis = new PlateauDoctor([low, high]).Diagnose(Healthy());
        Assert.Equal([Severity.Critical, Severity.Warning], diagnosis.Findings.Select(f => f.Severity));
        Assert.Equal([RemedyKind.LowerLearningRate, RemedyKind.GradientClipping], diagnosis.Remedies.Select(r => r.Kind));
    }

    [Fact]
    public void Json_carries_findings_remedies_and_search_space()
    {
        var data = new DiagnosisData(Blobs([1000, 50]));
        var diagnosis = new PipelineContext(seed: 1).Diagnostics.Diagnose(null, data);
        var json = JsonNode.Parse(diagnosis.ToJson().ToJsonString())!;
        Assert.Equal("pipex-diagnosis", json["format"]!.GetValue<string>());
        var finding = json["findings"]![0]!;
        Assert.Equal("ClassImbalance", finding["kind"]!.GetValue<string>());
        Assert.Equal(20.0, finding["evidence"]![0]!["value"]!.GetValue<double>(), 12);
        Assert.Equal("≥", finding["evidence"]![0]!["comparison"]!.GetValue<string>());
        Assert.Equal("OverSample", json["remedies"]![0]!["kind"]!.GetValue<string>());
        Assert.Contains(json["search_space"]!.AsArray(), d => d!["name"]!.GetValue<string>() == "OverSample.Sampler");
        string path = Path.Combine(Path.GetTempPath(), $"pipex-diagnosis-{Guid.NewGuid():N}.json");
        try
        {
            diagnosis.Save(path);
            Assert.Equal(json.ToJsonString(), JsonNode.Parse(File.ReadAllText(path))!.ToJsonString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Text_report_lists_evidence_and_remedies()
    {
        var text = new PlateauDoctor().Diagnose(null, new DiagnosisData(Blobs([1000, 50]))).ToString();
        Assert.StartsWith("1. [Warning] Class imbalance 20:1", text);
        Assert.Contains("largest : smallest class (training labels) = 20:1 (≥ 3:1)", text);
        Assert.Contains("→ OverSample", text);
    }

    [Fact]
    public void Bad_inputs_are_named()
    {
        Assert.Throws<ArgumentException>(() => new PlateauDoctor().Diagnose(null));
        var table = Blobs([10, 10]);
        var e = Assert.Throws<SchemaMismatchException>(() => new DiagnosisData(table, labelColumnName: "Features"));
        Assert.Contains("Features", e.Message);
        Assert.Throws<SchemaMismatchException>(() => new DiagnosisData(table, featureColumnName: "Pixels"));
        var other = new DataTable(new VectorColumn("Features", ColumnType.Vector(3), new float[6]), new KeyColumn("Label", ColumnType.Key(["class0", "class1"]), [0, 1]));
        Assert.Throws<SchemaMismatchException>(() => new DiagnosisData(table, other));
        Assert.Throws<ArgumentException>(() => new DiagnosisPredictions([0, 1], [0], ["a", "b"]));
        Assert.Throws<ArgumentException>(() => new DiagnosisPredictions([0, 1], [0, 2], ["a", "b"]));
        var three = new DiagnosisPredictions([0, 1, 2], [0, 1, 2], ["a", "b", "c"]);
        Assert.Throws<ArgumentException>(() => new PlateauDoctor().Diagnose(null, new DiagnosisData(table), three));
    }

    [Fact]
    public void Predictions_read_from_a_scored_table_fall_back_to_the_arg_max()
    {
        var key = ColumnType.Key(["a", "b", "c"]);
        var scored = new DataTable(
            new KeyColumn("Label", key, [0, 1, 2, 2]),
            new VectorColumn("Probability", ColumnType.Vector(3), [0.7f, 0.2f, 0.1f, 0.1f, 0.8f, 0.1f, 0.5f, 0.1f, 0.4f, 0.2f, 0.2f, 0.6f]));
        var predictions = DiagnosisPredictions.FromTable(scored);
        Assert.Equal([0, 1, 0, 2], predictions.Predicted.ToArray());
        Assert.True(predictions.HasProbabilities);
        Assert.Equal(0.75, predictions.Confusion.Accuracy);
        var withPredicted = scored.WithColumn(new KeyColumn("PredictedLabel", key, [2, 2, 2, 2]));
        Assert.Equal([2, 2, 2, 2], DiagnosisPredictions.FromTable(withPredicted).Predicted.ToArray());
        Assert.Throws<SchemaMismatchException>(() => DiagnosisPredictions.FromTable(scored.WithoutColumns("Probability")));
    }

    private sealed class FixedDetector(Severity severity, params Remedy[] remedies) : IPlateauDetector
    {
        public string Name => "fixed";

        public IEnumerable<Finding> Detect(DiagnosisInput input) =>
            [new Finding(FindingKind.Underfitting, Name, severity, 0.5, $"fixed {severity}", "", [], remedies)];
    }
}
