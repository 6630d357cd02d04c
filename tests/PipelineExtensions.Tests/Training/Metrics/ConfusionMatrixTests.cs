using PipelineExtensions.Tests.Training.Parity;
using PipelineExtensions.Training;

namespace PipelineExtensions.Tests.Training.Metrics;

/// <summary>Metrics against scikit-learn 1.2 (Parity/classification_metrics.json, made by classification_metrics.py).</summary>
public class ConfusionMatrixTests
{
    public static TheoryData<int> Cases() => new(Enumerable.Range(0, ParityData.ClassificationMetrics["cases"]!.AsArray().Count));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_scikit_learn(int index)
    {
        var c = ParityData.ClassificationMetrics["cases"]![index]!.AsObject();
        int k = c["classes"]!.GetValue<int>();
        int[] actual = c["y_true"]!.AsArray().Select(v => v!.GetValue<int>()).ToArray();
        int[] predicted = c["y_pred"]!.AsArray().Select(v => v!.GetValue<int>()).ToArray();
        var m = ConfusionMatrix.FromPredictions(actual, predicted, k);

        Assert.Equal(c["confusion"]!.AsArray().Select(v => v!.GetValue<long>()).ToArray(), m.Counts.ToArray());
        Assert.Equal(c["accuracy"]!.GetValue<double>(), m.Accuracy, 1e-14);
        Assert.Equal(c["balanced_accuracy"]!.GetValue<double>(), m.BalancedAccuracy, 1e-14);
        Assert.Equal(c["macro_f1"]!.GetValue<double>(), m.MacroF1, 1e-14);
        var recall = c["per_class_recall"]!.AsArray();
        for (int cl = 0; cl < k; cl++)
        {
            if (recall[cl] is null)
                Assert.True(double.IsNaN(m.Recall(cl)));
            else
                Assert.Equal(recall[cl]!.GetValue<double>(), m.Recall(cl), 1e-14);
        }
    }

    [Fact]
    public void Missing_labels_are_skipped_and_bad_classes_are_named()
    {
        var m = ConfusionMatrix.FromPredictions([0, -1, 1], [0, 1, 1], 2);
        Assert.Equal(2, m.Total);
        Assert.Equal(1.0, m.Accuracy);
        var e = Assert.Throws<ArgumentException>(() => ConfusionMatrix.FromPredictions([0, 2], [0, 0], 2));
        Assert.Contains("Row 1", e.Message);
        e = Assert.Throws<ArgumentException>(() => ConfusionMatrix.FromPredictions([0, 1], [0, 5], 2));
        Assert.Contains("predicted class 5", e.Message);
    }

    [Fact]
    public void Empty_matrix_gives_NaN_not_a_fake_score()
    {
        var m = new ConfusionMatrix(3);
        Assert.True(double.IsNaN(m.Accuracy));
        Assert.True(double.IsNaN(m.BalancedAccuracy));
        Assert.True(double.IsNaN(m.MacroF1));
    }

    [Fact]
    public void Majority_class_collapse_shows_as_balanced_accuracy_one_over_k()
    {
        int[] actual = [.. Enumerable.Repeat(0, 90), .. Enumerable.Repeat(1, 10)];
        var m = ConfusionMatrix.FromPredictions(actual, new int[100], 2);
        Assert.Equal(0.9, m.Accuracy, 1e-15);
        Assert.Equal(0.5, m.BalancedAccuracy);
        Assert.Contains("true \\ predicted", m.ToString(["cat", "dog"]));
    }
}
