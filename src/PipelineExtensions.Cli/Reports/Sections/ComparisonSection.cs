using System.Globalization;
using System.Text.Json.Nodes;
using PipelineExtensions.Diagnostics;

namespace PipelineExtensions.Cli.Reports;

/// <summary>The before/after table, with the percentage metrics also as grouped bars.</summary>
internal sealed class ComparisonSection(string heading, ComparisonTable table) : ReportSection(heading)
{
    public override void WriteBody(ReportWriter writer)
    {
        var ci = CultureInfo.InvariantCulture;
        writer.Raw("<table class=\"comparison\"><tr><th>metric</th><th class=\"num\">").Text(table.BeforeLabel).Raw("</th><th class=\"num\">")
            .Text(table.AfterLabel).Raw("</th><th class=\"num\">change</th></tr>\n");
        foreach (var row in table.Rows)
        {
            string change = row.Format == EvidenceFormat.Percent
                ? (row.Change * 100).ToString("+0.0;-0.0;0.0", ci) + " pts"
                : row.Change.ToString("+0.####;-0.####;0", ci);
            string css = row.Improved ? "better" : row.Worsened ? "worse" : "";
            writer.Raw("<tr><td>").Text(row.Metric).Raw("</td><td class=\"num\">").Text(Evidence.Display(row.Before, row.Format))
                .Raw("</td><td class=\"num\">").Text(Evidence.Display(row.After, row.Format))
                .Raw($"</td><td class=\"num {css}\">").Text(change).Raw("</td></tr>\n");
        }
        writer.Raw("</table>\n");
        var percent = table.Rows.Where(r => r.Format == EvidenceFormat.Percent).ToArray();
        if (percent.Length == 0)
            return;
        writer.Raw("<div class=\"charts\">\n");
        writer.Chart("Before and after", new JsonObject
        {
            ["kind"] = "bars",
            ["labels"] = Html.Strings(percent.Select(r => r.Metric)),
            ["series"] = new JsonArray(
                new JsonObject { ["label"] = table.BeforeLabel, ["values"] = Html.Numbers(percent.Select(r => r.Before)) },
                new JsonObject { ["label"] = table.AfterLabel, ["values"] = Html.Numbers(percent.Select(r => r.After)) }),
            ["max"] = 1,
        });
        writer.Raw("</div>\n");
    }
}
