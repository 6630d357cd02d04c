using System.Globalization;
using PipelineExtensions.Augmentation;
using PipelineExtensions.Cli.Remedies;
using PipelineExtensions.Cli.Reports;
using PipelineExtensions.Data;

namespace PipelineExtensions.Cli.Demo;

/// <summary>The demo's <c>report.html</c>: before/after, diagnosis, remedies, learning curves, class distributions, confusion matrices and the augmentation grid.</summary>
public static class DemoReport
{
    /// <summary>Builds the report of <paramref name="result"/>.</summary>
    public static HtmlReport Build(DemoResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var names = result.ClassNames;
        var ci = CultureInfo.InvariantCulture;
        var report = new HtmlReport("pipex demo: why the model plateaued, and the fix",
            string.Create(ci, $"Fashion-MNIST (embedded sample): {result.Train.RowCount} imbalanced training rows, {result.Validation.RowCount} validation and {result.Test.RowCount} test rows (balanced). Balanced accuracy on the test rows: {result.PlainTest.BalancedAccuracy:P1} plain, {result.RemediedTest.BalancedAccuracy:P1} with remedies."));
        report.AddComparison(BeforeAfter.Table(result.PlainTest, result.RemediedTest, result.PlainHistory, result.Remedied.History), "Before and after (test rows)")
            .AddDiagnosis(result.Diagnosis, "Diagnosis of the plain run")
            .AddList("Remedies applied", result.Remedied.Plan.Outcomes.Select(o => o.ToString()),
                "The remedies of the warning and critical findings, applied as pipeline changes; the model was then retrained with the same seed.")
            .AddLearningCurves(result.PlainHistory, "Learning curves: plain run")
            .AddLearningCurves(result.Remedied.History, "Learning curves: with remedies")
            .AddClassDistribution(names, result.TrainCounts, result.TrainCountsAfter, "Training class distribution", "as collected", "after the remedies' sampling")
            .AddConfusionMatrix(result.PlainTest.Confusion, names, "Confusion matrix: plain (test rows)")
            .AddConfusionMatrix(result.RemediedTest.Confusion, names, "Confusion matrix: with remedies (test rows)");
        if (result.Remedied.Plan.Augmentation is { } augmentation)
        {
            // One image of each small class: the rows the augmentation matters most for.
            var labels = result.Train.GetColumn<KeyColumn>(DemoRunner.Label);
            int largest = result.TrainCounts.Max();
            var rows = Enumerable.Range(0, names.Count).Where(c => result.TrainCounts[c] < largest)
                .Select(c => Enumerable.Range(0, labels.Length).First(i => labels[i] == c)).Take(4).ToArray();
            var grid = AugmentationGrid.Render(augmentation, result.Train.GetColumn<VectorColumn>(DemoRunner.Image),
                new AugmentationGridOptions { Rows = rows.Length > 0 ? rows : null, Variants = 8 }, labels);
            report.AddAugmentationGrid(grid, "Augmentation of the small classes");
        }
        return report;
    }
}
