using PipelineExtensions.Data;
using PipelineExtensions.Diagnostics;
using static PipelineExtensions.Tests.Diagnostics.DiagnosisTestData;

namespace PipelineExtensions.Tests.Diagnostics;

public class DataQualityDetectorTests
{
    private static readonly IPlateauDetector[] DataDetectors =
        [new DuplicatesAcrossSplitsDetector(), new ConstantFeaturesDetector(), new NonFiniteValuesDetector(), new SuspectedLabelNoiseDetector()];

    [Fact]
    public void Data_detectors_stay_silent_on_clean_data()
    {
        var data = new DiagnosisData(Blobs([300, 300, 300], seed: 1), Blobs([100, 100, 100], seed: 2));
        foreach (var detector in DataDetectors)
            Assert.Empty(detector.Detect(Input(data: data)));
    }

    [Fact]
    public void Validation_rows_copied_from_training_are_found_exactly()
    {
        var train = Blobs([200, 200], seed: 1);
        var fresh = Blobs([100, 100], seed: 2);
        // Validation rows 10, 50 and 150 are training rows 3, 7 and 300.
        int[] copied = [10, 50, 150];
        int[] sources = [3, 7, 300];
        var validation = EditFeatures(fresh, (data, d) =>
        {
            var trainData = train.GetColumn<VectorColumn>("Features");
            for (int i = 0; i < copied.Length; i++)
                trainData.Row(sources[i]).CopyTo(data.AsSpan(copied[i] * d, d));
        });
        var finding = Assert.Single(new DuplicatesAcrossSplitsDetector().Detect(Input(data: new DiagnosisData(train, validation))));
        Assert.Equal(AffectedKind.ValidationRows, finding.Affected!.What);
        Assert.Equal(copied, finding.Affected.Indices);
        Assert.Equal(3, finding.Evidence.Single(e => e.Name == "validation rows that copy a training row").Value);
        Assert.Equal(0.015, finding.Evidence[0].Value, 12);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal(RemedyKind.RemoveLeakedRows, finding.Remedies[0].Kind);
        // Copies of rows 3 and 7 (class0) landed on class0 rows 10 and 50; row 300 (class1) on class1 row 150.
        Assert.Equal(1.0, finding.Evidence.Single(e => e.Name.StartsWith("copies whose label")).Value);
    }

    [Fact]
    public void A_single_copy_below_the_fraction_threshold_is_not_reported()
    {
        var train = Blobs([200, 200], seed: 1);
        var validation = EditFeatures(Blobs([200, 200], seed: 2), (data, d) => train.GetColumn<VectorColumn>("Features").Row(0).CopyTo(data.AsSpan(0, d)));
        Assert.Empty(new DuplicatesAcrossSplitsDetector().Detect(Input(data: new DiagnosisData(train, validation))));
        Assert.Single(new DuplicatesAcrossSplitsDetector(new() { MinFraction = 0 }).Detect(Input(data: new DiagnosisData(train, validation))));
    }

    [Fact]
    public void Constant_dimensions_are_listed()
    {
        var table = EditFeatures(Blobs([100, 100]), (data, d) =>
        {
            for (int r = 0; r < data.Length / d; r++)
            {
                data[r * d + 2] = 0.25f;
                data[r * d + 5] = -1f;
            }
        });
        var finding = Assert.Single(new ConstantFeaturesDetector().Detect(Input(data: new DiagnosisData(table))));
        Assert.Equal([2, 5], finding.Affected!.Indices);
        Assert.Equal(AffectedKind.Features, finding.Affected.What);
        Assert.Equal(Severity.Info, finding.Severity);
        Assert.Equal(0.25, finding.Evidence.Single(e => e.Name == "value of dimension 2").Value);
        Assert.Equal(RemedyKind.DropConstantFeatures, finding.Remedies[0].Kind);
    }

    [Fact]
    public void Every_dimension_constant_is_critical()
    {
        var table = EditFeatures(Blobs([600, 600]), (data, _) => Array.Fill(data, 1f));
        Assert.Equal(Severity.Critical, Assert.Single(new ConstantFeaturesDetector().Detect(Input(data: new DiagnosisData(table)))).Severity);
    }

    [Fact]
    public void NaN_and_infinity_are_counted_per_row_and_value()
    {
        var table = EditFeatures(Blobs([100, 100]), (data, d) =>
        {
            data[5 * d] = float.NaN;
            data[5 * d + 3] = float.NaN;
            data[120 * d + 1] = float.PositiveInfinity;
        });
        var finding = Assert.Single(new NonFiniteValuesDetector().Detect(Input(data: new DiagnosisData(table))));
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal([5, 120], finding.Affected!.Indices);
        Assert.Equal(2, finding.Evidence[0].Value);
        Assert.Equal(3, finding.Evidence[1].Value);
        Assert.Equal(RemedyKind.ImputeMissing, finding.Remedies[0].Kind);
    }

    [Fact]
    public void Missing_labels_alone_are_a_warning()
    {
        var table = Blobs([100, 100]);
        var labels = table.GetColumn<KeyColumn>("Label");
        var keys = labels.Keys.ToArray();
        keys[7] = KeyColumn.Missing;
        var finding = Assert.Single(new NonFiniteValuesDetector().Detect(Input(data: new DiagnosisData(table.WithColumn(new KeyColumn("Label", labels.KeyType, keys))))));
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal([7], finding.Affected!.Indices);
        Assert.Equal(RemedyKind.DropUnlabeledRows, Assert.Single(finding.Remedies).Kind);
    }

    [Fact]
    public void Flipped_labels_inside_clean_clusters_are_suspected()
    {
        var clean = Blobs([300, 300, 300], seed: 4);
        int[] flipped = Enumerable.Range(0, 900).Where(i => i % 12 == 5).ToArray(); // 75 rows, 8.3%
        var noisy = FlipLabels(clean, flipped);
        var finding = Assert.Single(new SuspectedLabelNoiseDetector().Detect(Input(data: new DiagnosisData(noisy))));
        Assert.Equal(FindingKind.SuspectedLabelNoise, finding.Kind);
        var suspects = finding.Affected!.Indices;
        // The flipped rows are found and (almost) nothing else: the clusters are far apart.
        Assert.True(flipped.Count(suspects.Contains) >= 0.9 * flipped.Length, $"found {flipped.Count(suspects.Contains)} of {flipped.Length}");
        Assert.True(suspects.Count(r => !flipped.Contains(r)) <= 2);
        Assert.Equal(RemedyKind.ReviewLabels, finding.Remedies[0].Kind);
    }

    [Fact]
    public void Identical_rows_with_different_labels_are_exact_conflicts()
    {
        var table = Blobs([100, 100]);
        var conflicted = EditFeatures(table, (data, d) => data.AsSpan(3 * d, d).CopyTo(data.AsSpan(150 * d, d)));
        var finding = Assert.Single(new SuspectedLabelNoiseDetector().Detect(Input(data: new DiagnosisData(conflicted))));
        Assert.Equal(2, finding.Evidence[0].Value);
        Assert.Contains(3, finding.Affected!.Indices);
        Assert.Contains(150, finding.Affected.Indices);
        Assert.Equal(Severity.Warning, finding.Severity);
    }

    [Fact]
    public void The_neighbour_sample_is_seeded()
    {
        var noisy = FlipLabels(Blobs([2000, 2000], seed: 6), Enumerable.Range(0, 4000).Where(i => i % 10 == 0));
        var options = new SuspectedLabelNoiseOptions { MaxRows = 500, Seed = 9 };
        var a = Assert.Single(new SuspectedLabelNoiseDetector(options).Detect(Input(data: new DiagnosisData(noisy))));
        var b = Assert.Single(new SuspectedLabelNoiseDetector(options).Detect(Input(data: new DiagnosisData(noisy))));
        Assert.Equal(a.Affected!.Indices, b.Affected!.Indices);
        Assert.Equal(500, a.Evidence.Single(e => e.Name == "rows sampled for the neighbour check").Value);
        Assert.All(a.Affected.Indices, r => Assert.Equal(0, r % 10));
    }
}
