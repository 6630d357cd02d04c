using System.Text.RegularExpressions;
using PipelineExtensions.Cli.Reports;
using PipelineExtensions.Data;
using PipelineExtensions.Diagnostics;
using PipelineExtensions.Training;
using static PipelineExtensions.Cli.Tests.Reports.ReportTestData;

namespace PipelineExtensions.Cli.Tests.Reports;

public class HtmlReportTests
{
    private const string HostileTitle = "Plain vs remedied \"<script>alert('title')</script>\" & co";

    /// <summary>A report with every kind of section, built from synthetic runs and a real diagnosis.</summary>
    internal static HtmlReport FullReport()
    {
        var plain = Plain();
        var remedied = Remedied();
        var train = TrainTable();
        var diagnosis = new PlateauDoctor().Diagnose(plain, new DiagnosisData(train));
        var after = TrainSupport.Select(_ => TrainSupport.Max()).ToArray();
        var lastRemedied = remedied.Epochs[11].Validation!.Confusion;
        return new HtmlReport(HostileTitle, "Synthetic data for the report test")
            .AddComparison(ComparisonTable.FromHistories(plain, remedied, "plain", "with remedies"))
            .AddDiagnosis(diagnosis)
            .AddLearningCurves(plain, "Plain run")
            .AddLearningCurves(remedied, "Remedied run")
            .AddClassDistribution(Classes, TrainSupport, after)
            .AddConfusionMatrix(lastRemedied, Classes, "Confusion matrix (remedied, validation)")
            .AddAugmentationGrid(RenderedGrid())
            .AddImageGrid(Images(), "Image grid", note: "Rings drawn by the page from raw pixels.")
            .AddPng(Png(), "A PNG made elsewhere", "Embedded PNG")
            .AddSweep(Sweep());
    }

    [Fact]
    public async Task The_report_opens_offline_in_headless_chromium_and_every_chart_draws()
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "report-check");
        Directory.CreateDirectory(folder);
        string html = Path.Combine(folder, "report.html"), screenshot = Path.Combine(folder, "report.png");
        var report = FullReport();
        report.Save(html);
        int chartsInPage = Regex.Matches(File.ReadAllText(html), "data-chart=\"").Count;
        Assert.Equal(13, chartsInPage);

        var page = await HeadlessChromium.OpenAsync(html, screenshot, TimeSpan.FromSeconds(90));

        Assert.Empty(page.ConsoleErrors);
        Assert.Empty(page.Dialogs);
        Assert.Null(page.PageErrors);
        Assert.Equal("true", page.Ready);
        Assert.Equal("13", page.ChartsExpected);
        Assert.Equal("13", page.ChartsDrawn);
        var charts = page.Charts!.AsArray();
        Assert.Equal(13, charts.Count);
        foreach (var chart in charts)
        {
            string id = chart!["id"]!.GetValue<string>();
            Assert.True(chart["rendered"]?.GetValue<string>() == "true", $"{id} ({chart["kind"]}) did not render");
            Assert.True(chart["pixels"]!.GetValue<double>() > 500, $"{id} ({chart["kind"]}) painted only {chart["pixels"]} pixels");
        }
        // Offline: the only request is the file itself (charts, styles and images are inline).
        string self = new Uri(html).AbsoluteUri;
        Assert.All(page.RequestedUrls, u => Assert.True(u == self || u.StartsWith("data:", StringComparison.Ordinal), $"unexpected request {u}"));
        Assert.True(new FileInfo(screenshot).Length > 20_000);
    }

    [Fact]
    public async Task The_browser_check_catches_a_chart_that_fails()
    {
        // The same page with one chart spec broken: the check must see the error and the missing chart.
        string folder = Path.Combine(AppContext.BaseDirectory, "report-check");
        Directory.CreateDirectory(folder);
        string html = Path.Combine(folder, "broken.html");
        string page = new HtmlReport("broken").AddConfusionMatrix(ConfusionMatrix.FromCounts(2, [5, 1, 2, 7]), ["a", "b"])
            .AddClassDistribution(["a", "b"], [6, 9]).ToHtml();
        Assert.Contains("\"kind\":\"matrix\"", page);
        File.WriteAllText(html, page.Replace("\"kind\":\"matrix\"", "\"kind\":\"heatmap\""));

        var check = await HeadlessChromium.OpenAsync(html, Path.Combine(folder, "broken.png"), TimeSpan.FromSeconds(90));

        Assert.Equal("2", check.ChartsExpected);
        Assert.Equal("1", check.ChartsDrawn);
        Assert.Contains("unknown chart kind heatmap", check.PageErrors);
        var charts = check.Charts!.AsArray();
        Assert.Null(charts.Single(c => c!["kind"]!.GetValue<string>() == "matrix")!["rendered"]);
    }

    [Fact]
    public void User_strings_are_escaped_and_nothing_external_is_referenced()
    {
        string html = FullReport().ToHtml();
        Assert.DoesNotContain(HostileClass, html);
        Assert.DoesNotContain("<script>alert('title')", html);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
        Assert.Contains("Plain vs remedied &quot;&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;&quot; &amp; co", html);
        // In chart data the hostile class travels JSON-escaped.
        Assert.Contains("\\u003Cimg src=x onerror=alert(1)\\u003E", html);
        Assert.DoesNotMatch(new Regex("(src|href)\\s*=\\s*[\"']?(https?:)?//", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("<link", html);
        // Every <script> opened is closed exactly once: no inlined text ended a block early.
        Assert.Equal(Regex.Matches(html, "<script[ >]").Count, Regex.Matches(html, "</script>").Count);
    }

    [Fact]
    public void Save_writes_the_page_atomically()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"pipex-report-{Guid.NewGuid():N}");
        try
        {
            string path = Path.Combine(folder, "nested", "report.html");
            var report = new HtmlReport("t").AddText("Note", "hello <b>");
            report.Save(path);
            Assert.Equal(report.ToHtml(), File.ReadAllText(path));
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Bad_inputs_name_what_is_wrong()
    {
        var report = new HtmlReport("t");
        var e = Assert.Throws<ArgumentException>(() => report.AddClassDistribution(Classes, [1, 2]));
        Assert.Contains("2 counts but there are 3 classes", e.Message);
        Assert.Throws<ArgumentException>(() => report.AddClassDistribution(Classes, [1, 2, -3]));
        Assert.Throws<ArgumentException>(() => report.AddConfusionMatrix(ConfusionMatrix.FromCounts(2, new long[4]), Classes));
        Assert.Throws<ArgumentException>(() => report.AddPng([1, 2, 3], "x"));
        Assert.Throws<ArgumentException>(() => new ImageGrid(ColumnType.Image(2, 4, 4), 2));
        Assert.Throws<ArgumentException>(() => new ImageGrid(ColumnType.Image(1, 4, 4), 2).Add(new float[15]));
        Assert.Throws<ArgumentException>(() => new SweepResults("obj", true, []));
        Assert.Throws<ArgumentException>(() => new SweepResults("obj", true, [SweepTrial.Create(1, 0.5), SweepTrial.Create(1, 0.6)]));
        Assert.Throws<ArgumentException>(() => report.AddComparison(new ComparisonTable("a", "b")));
        Assert.Equal(0, report.SectionCount);
    }

    [Fact]
    public void Spearman_matches_scipy_and_eta_matches_the_definition()
    {
        // scipy.stats.spearmanr([1,2,3,4,5], [5,6,7,8,7]).correlation and spearmanr([1,2,2,3], [1,3,2,4]) (average ranks for ties).
        Assert.Equal(0.8207826816681233, SweepAnalysis.Spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]), 12);
        Assert.Equal(0.9486832980505138, SweepAnalysis.Spearman([1, 2, 2, 3], [1, 3, 2, 4]), 12);
        // η for groups a: {1, 3}, b: {5, 7}: between = 2·(2−4)² + 2·(6−4)² = 16, total = 9+1+1+9 = 20.
        var sweep = new SweepResults("o", true, [
            SweepTrial.Create(0, 1, ("s", "a")), SweepTrial.Create(1, 3, ("s", "a")), SweepTrial.Create(2, 5, ("s", "b")), SweepTrial.Create(3, 7, ("s", "b"))]);
        var analysis = new SweepAnalysis(sweep);
        Assert.Equal(Math.Sqrt(16.0 / 20), analysis.Importance(analysis.Parameters.Single()), 12);
        Assert.Equal([1.0, 3, 5, 7], analysis.BestSoFar);
    }

    [Fact]
    public void Sweep_analysis_finds_the_parameter_that_matters()
    {
        var analysis = new SweepAnalysis(Sweep());
        Assert.Equal(36, analysis.Complete.Length); // trials 8, 17, 26 and 35 were pruned
        var lr = analysis.Parameters.Single(p => p.Name == "learning_rate");
        Assert.True(lr.IsNumeric && lr.IsLog);
        Assert.False(analysis.Parameters.Single(p => p.Name == "sampler").IsNumeric);
        // The objective is a parabola in log(lr) peaking inside the range, so |ρ| is modest; the sampler's η and
        // the weight decay's |ρ| (pure noise) must both stay below the sampler's known 0.05 effect... check ordering:
        double decay = analysis.Importance(analysis.Parameters.Single(p => p.Name == "weight_decay"));
        Assert.True(decay < 0.4, $"weight decay importance {decay}");
        for (int i = 1; i < analysis.BestSoFar.Length; i++)
            Assert.True(analysis.BestSoFar[i] >= analysis.BestSoFar[i - 1]);
    }

    [Fact]
    public void Comparison_from_histories_reads_the_restored_epoch()
    {
        var table = ComparisonTable.FromHistories(Plain(), Remedied(), "plain", "remedied");
        var balanced = table.Rows[0];
        Assert.Equal("validation balanced accuracy", balanced.Metric);
        Assert.Equal(1.0 / 3, balanced.Before, 12);
        Assert.Equal(Remedied().Epochs[11].Validation!.BalancedAccuracy, balanced.After, 12);
        Assert.True(balanced.Improved);
        Assert.Equal(16, table.Rows.Single(r => r.Metric == "epochs run").After);
    }
}
