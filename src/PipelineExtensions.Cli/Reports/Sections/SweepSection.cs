using System.Globalization;
using System.Text.Json.Nodes;

namespace PipelineExtensions.Cli.Reports;

/// <summary>
/// A sweep's results: the best-so-far curve over the trials, parameter importance, parallel coordinates of the
/// best trials (at most <see cref="MaxLines"/>) and a table of the top ten.
/// </summary>
internal sealed class SweepSection(string heading, SweepResults sweep) : ReportSection(heading)
{
    /// <summary>Parallel coordinates show at most this many trials (the best ones), to stay readable.</summary>
    public const int MaxLines = 200;

    public override void WriteBody(ReportWriter writer)
    {
        var ci = CultureInfo.InvariantCulture;
        var analysis = new SweepAnalysis(sweep);
        int failed = sweep.Trials.Count - analysis.Complete.Length;
        writer.Note(analysis.Best is { } best
            ? string.Create(ci, $"{sweep.Trials.Count} trials ({failed} pruned or failed); best {sweep.ObjectiveName} = {best.Objective:G4} (trial {best.Number}, {(sweep.Maximize ? "higher" : "lower")} is better).")
            : $"{sweep.Trials.Count} trials, none complete.");
        if (analysis.Complete.Length == 0)
            return;
        writer.Raw("<div class=\"charts\">\n");
        writer.Chart("Best so far", new JsonObject
        {
            ["kind"] = "best",
            ["objective"] = sweep.ObjectiveName,
            ["numbers"] = Html.Numbers(analysis.Complete.Select(t => (double)t.Number)),
            ["values"] = Html.Numbers(analysis.Complete.Select(t => t.Objective)),
            ["best"] = Html.Numbers(analysis.BestSoFar),
        });
        var axes = analysis.Parameters;
        if (axes.Length > 0)
        {
            var importance = axes.Select(a => (a.Name, Value: analysis.Importance(a))).OrderByDescending(p => double.IsNaN(p.Value) ? -1 : p.Value).ToArray();
            writer.Chart("Parameter importance (|Spearman ρ| or η with the objective)", new JsonObject
            {
                ["kind"] = "bars",
                ["horizontal"] = true,
                ["labels"] = Html.Strings(importance.Select(p => p.Name)),
                ["series"] = new JsonArray(new JsonObject { ["label"] = "importance", ["values"] = Html.Numbers(importance.Select(p => p.Value)) }),
                ["xTitle"] = "importance (0–1)",
                ["max"] = null,
            });
            var shown = (sweep.Maximize ? analysis.Complete.OrderByDescending(t => t.Objective) : analysis.Complete.OrderBy(t => t.Objective)).Take(MaxLines).Reverse().ToArray();
            double lo = shown.Min(t => t.Objective), hi = shown.Max(t => t.Objective);
            writer.Chart($"Parallel coordinates ({shown.Length} best trials; colour: objective)", new JsonObject
            {
                ["kind"] = "parallel",
                ["axes"] = Html.Strings(axes.Select(a => a.Name).Append(sweep.ObjectiveName)),
                ["maximize"] = sweep.Maximize,
                ["numbers"] = Html.Numbers(shown.Select(t => (double)t.Number)),
                ["objectives"] = Html.Numbers(shown.Select(t => t.Objective)),
                ["lines"] = new JsonArray(shown.Select(t => (JsonNode?)Html.Numbers(
                    axes.Select(a => a.Position(t)).Append(hi == lo ? 0.5 : (t.Objective - lo) / (hi - lo)))).ToArray()),
            });
        }
        writer.Raw("</div>\n");
        if (axes.Length > 0)
        {
            writer.Raw("<table><tr><th>axis</th><th>range or categories</th></tr>\n");
            foreach (var a in axes)
                writer.Raw("<tr><td>").Text(a.Name).Raw("</td><td>").Text(a.Describe()).Raw("</td></tr>\n");
            writer.Raw("</table>\n");
        }
        var top = (sweep.Maximize ? analysis.Complete.OrderByDescending(t => t.Objective) : analysis.Complete.OrderBy(t => t.Objective)).Take(10).ToArray();
        writer.Raw("<table><tr><th class=\"num\">trial</th><th class=\"num\">").Text(sweep.ObjectiveName).Raw("</th>");
        foreach (var a in axes)
            writer.Raw(a.IsNumeric ? "<th class=\"num\">" : "<th>").Text(a.Name).Raw("</th>");
        writer.Raw("</tr>\n");
        foreach (var t in top)
        {
            writer.Raw($"<tr><td class=\"num\">{t.Number.ToString(ci)}</td><td class=\"num\">{Html.Number(t.Objective)}</td>");
            foreach (var a in axes)
                writer.Raw(a.IsNumeric ? "<td class=\"num\">" : "<td>").Text(t.Parameters.TryGetValue(a.Name, out var v) ? (a.IsNumeric ? Html.Number(SweepAnalysis.Parse(v)) : v) : "–").Raw("</td>");
            writer.Raw("</tr>\n");
        }
        writer.Raw("</table>\n");
    }
}
