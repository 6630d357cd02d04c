using System.Text;
using System.Text.Json.Nodes;

namespace PipelineExtensions.Cli.Reports;

/// <summary>One section of an <see cref="HtmlReport"/>: a heading, an optional note and its body.</summary>
internal abstract class ReportSection(string heading)
{
    /// <summary>The section heading (plain text; escaped when written).</summary>
    public string Heading { get; } = string.IsNullOrWhiteSpace(heading) ? throw new ArgumentException("A report section needs a heading.", nameof(heading)) : heading;

    /// <summary>Writes the section's body (everything below the heading).</summary>
    public abstract void WriteBody(ReportWriter writer);
}

/// <summary>Accumulates the report's HTML and hands out chart ids.</summary>
internal sealed class ReportWriter
{
    private int _charts;

    public StringBuilder Html { get; } = new();

    /// <summary>Appends raw, already-safe HTML.</summary>
    public ReportWriter Raw(string html)
    {
        Html.Append(html);
        return this;
    }

    /// <summary>Appends escaped text.</summary>
    public ReportWriter Text(string? text)
    {
        Html.Append(Reports.Html.Text(text));
        return this;
    }

    /// <summary>Appends a note paragraph.</summary>
    public void Note(string text) => Raw("<p class=\"note\">").Text(text).Raw("</p>\n");

    /// <summary>
    /// Appends a chart box: a titled canvas and the JSON spec that report.js turns into a chart. The spec's
    /// <c>kind</c> picks the builder.
    /// </summary>
    public void Chart(string title, JsonObject spec, bool square = false)
    {
        string id = "chart" + (++_charts).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Raw($"<div class=\"chart{(square ? " square" : "")}\"><h3>").Text(title)
            .Raw($"</h3><div class=\"frame\"><canvas id=\"{id}\" data-chart=\"{spec["kind"]!.GetValue<string>()}\" role=\"img\" aria-label=\"").Text(title)
            .Raw($"\"></canvas></div></div>\n<script type=\"application/json\" data-spec=\"{id}\">")
            .Raw(Reports.Html.Json(spec)).Raw("</script>\n");
    }

    /// <summary>Appends a figure drawn on a canvas of its own size (no fixed-height box), e.g. an image grid.</summary>
    public void Figure(string title, JsonObject spec)
    {
        string id = "chart" + (++_charts).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Raw("<div class=\"figure\"><h3>").Text(title).Raw($"</h3><canvas id=\"{id}\" data-chart=\"{spec["kind"]!.GetValue<string>()}\" role=\"img\" aria-label=\"").Text(title)
            .Raw($"\"></canvas></div>\n<script type=\"application/json\" data-spec=\"{id}\">").Raw(Reports.Html.Json(spec)).Raw("</script>\n");
    }

    /// <summary>Appends an embedded PNG that counts as a chart (marked drawn once it decodes).</summary>
    public void Png(string title, byte[] png)
    {
        string id = "chart" + (++_charts).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Raw("<div class=\"figure\"><h3>").Text(title).Raw($"</h3><img id=\"{id}\" data-chart=\"png\" alt=\"").Text(title)
            .Raw("\" src=\"data:image/png;base64,").Raw(Convert.ToBase64String(png)).Raw("\"></div>\n");
    }
}
