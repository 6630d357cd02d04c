using System.Text.RegularExpressions;
using PipelineExtensions.Cli.Demo;
using PipelineExtensions.Cli.Tests.Reports;
using PipelineExtensions.Diagnostics;
using Xunit.Abstractions;

namespace PipelineExtensions.Cli.Tests.Demo;

// The demo's core on the embedded data with the default (seeded) settings: one run shared by the tests.
public sealed class DemoFixture
{
    public DemoResult Result { get; } = DemoRunner.Run(new DemoOptions());
}

public sealed class DemoRunnerTests(DemoFixture fixture, ITestOutputHelper output) : IClassFixture<DemoFixture>
{
    private DemoResult Result => fixture.Result;

    [Fact]
    public void The_doctor_names_the_imbalance_from_the_evidence()
    {
        output.WriteLine(Result.Diagnosis.ToString());
        var top = Result.Diagnosis.Findings.Take(3).ToArray();
        Assert.Contains(top, f => f.Kind is FindingKind.ClassImbalance or FindingKind.MajorityClassCollapse);
        // The finding's evidence is the measured ratio of the training labels: 200 rows against 5.
        var imbalance = Result.Diagnosis.Find(FindingKind.ClassImbalance)!;
        Assert.Equal(40, imbalance.Evidence[0].Value, 6);
        Assert.Equal(Result.TrainCounts.Max() / (double)Result.TrainCounts.Min(), imbalance.Evidence[0].Value, 6);
    }

    [Fact]
    public void The_remedies_rebalance_the_training_rows_and_lift_balanced_accuracy_by_five_points()
    {
        foreach (var o in Result.Remedied.Plan.Outcomes)
            output.WriteLine(o.ToString());
        output.WriteLine($"balanced accuracy: plain {Result.PlainTest.BalancedAccuracy:P1}, remedied {Result.RemediedTest.BalancedAccuracy:P1}");
        var applied = Result.Remedied.Plan.Applied.Select(o => o.Remedy.Kind).ToArray();
        Assert.Contains(RemedyKind.OverSample, applied);
        Assert.Contains(RemedyKind.EarlyStopping, applied);
        Assert.All(Result.TrainCountsAfter, c => Assert.Equal(Result.TrainCounts.Max(), c));
        Assert.True(Result.BalancedAccuracyLift >= 0.05, $"lift {Result.BalancedAccuracyLift:P1}");
        // Independent check of the figure: the mean of the per-class recalls on the balanced test rows.
        var m = Result.RemediedTest.Confusion;
        Assert.Equal(Enumerable.Range(0, m.ClassCount).Average(m.Recall), Result.RemediedTest.BalancedAccuracy, 12);
    }

    [Fact]
    public void Same_seed_same_result()
    {
        var again = DemoRunner.Run(new DemoOptions());
        Assert.Equal(Result.PlainTest.Confusion.Counts.ToArray(), again.PlainTest.Confusion.Counts.ToArray());
        Assert.Equal(Result.RemediedTest.Confusion.Counts.ToArray(), again.RemediedTest.Confusion.Counts.ToArray());
    }

    [Fact]
    public async Task The_demo_report_draws_every_chart_in_headless_chromium()
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "demo-report-check");
        Directory.CreateDirectory(folder);
        string html = Path.Combine(folder, "report.html");
        DemoReport.Build(Result).Save(html);
        int charts = Regex.Matches(File.ReadAllText(html), "data-chart=\"").Count;
        Assert.True(charts >= 6, $"{charts} charts");
        var page = await HeadlessChromium.OpenAsync(html, Path.Combine(folder, "report.png"), TimeSpan.FromSeconds(90));
        Assert.Empty(page.ConsoleErrors);
        Assert.Null(page.PageErrors);
        Assert.Equal(charts.ToString(System.Globalization.CultureInfo.InvariantCulture), page.ChartsDrawn);
    }

    [Fact]
    public void The_command_prints_the_before_and_after_and_writes_the_report()
    {
        string folder = Directory.CreateTempSubdirectory("pipex-demo-").FullName;
        try
        {
            string path = Path.Combine(folder, "report.html");
            var (exit, text) = CliHarness.Invoke("demo", "--epochs", "3", "--output", path);
            output.WriteLine(text);
            Assert.Equal(0, exit);
            Assert.Contains("Before and after", text);
            Assert.Contains("test balanced accuracy", text);
            Assert.Contains("Plain model: epoch 3/3", text);     // the progress lines of a non-interactive console
            Assert.Contains("info demo: Diagnosis:", text);       // logged through Microsoft.Extensions.Logging
            Assert.Contains("<!DOCTYPE html>", File.ReadAllText(path));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
