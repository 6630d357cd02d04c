using System.Text.Json.Nodes;

namespace PipelineExtensions.Cli.Reports;

/// <summary>Rows per class before and (optionally) after sampling, as grouped bars.</summary>
internal sealed class ClassDistributionSection(string heading, IReadOnlyList<string> classNames, IReadOnlyList<(string Label, IReadOnlyList<int> Counts)> series)
    : ReportSection(heading)
{
    public override void WriteBody(ReportWriter writer)
    {
        var first = series[0].Counts;
        int majority = first.Max(), minority = first.Where(c => c > 0).DefaultIfEmpty(0).Min();
        writer.Note(series.Count > 1
            ? $"{series[0].Label}: {first.Sum()} rows, largest : smallest = {Ratio(first)}; {series[^1].Label}: {series[^1].Counts.Sum()} rows, {Ratio(series[^1].Counts)}."
            : $"{first.Sum()} rows, largest : smallest = {Ratio(first)} ({majority} vs {minority}).");
        writer.Raw("<div class=\"charts\">\n");
        writer.Chart("Rows per class", new JsonObject
        {
            ["kind"] = "bars",
            ["labels"] = Html.Strings(classNames),
            ["series"] = new JsonArray(series.Select(s => (JsonNode?)new JsonObject
            {
                ["label"] = s.Label,
                ["values"] = Html.Numbers(s.Counts.Select(c => (double)c)),
            }).ToArray()),
            ["yTitle"] = "rows",
            ["max"] = null,
        });
        writer.Raw("</div>\n");
    }

    private static string Ratio(IReadOnlyList<int> counts)
    {
        var present = counts.Where(c => c > 0).ToArray();
        return present.Length == 0 ? "–" : ((double)present.Max() / present.Min()).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + ":1";
    }
}
