using System.Globalization;
using PipelineExtensions.Diagnostics;

namespace PipelineExtensions.Cli.Reports;

/// <summary>The plateau doctor's findings (ranked, with their evidence and remedies) and the merged remedy plan.</summary>
internal sealed class DiagnosisSection(string heading, Diagnosis diagnosis) : ReportSection(heading)
{
    public override void WriteBody(ReportWriter writer)
    {
        if (diagnosis.Findings.Count == 0)
        {
            writer.Raw("<p class=\"healthy\">No problems found.</p>\n");
            return;
        }
        writer.Note($"{diagnosis.Findings.Count} findings, most important first. Each names the numbers that decided it and the pipeline changes that address it.");
        for (int i = 0; i < diagnosis.Findings.Count; i++)
            WriteFinding(writer, i + 1, diagnosis.Findings[i]);
        writer.Raw("<h3>Remedy plan</h3>\n<table><tr><th>change</th><th>stage</th><th>component</th><th>settings (search range)</th><th>why</th></tr>\n");
        foreach (var r in diagnosis.Remedies)
        {
            writer.Raw("<tr><td>").Text(r.Kind.ToString()).Raw("</td><td>").Text(r.Stage.ToString()).Raw("</td><td><code>").Text(r.Component).Raw("</code></td><td>");
            WriteParameters(writer, r);
            writer.Raw("</td><td>").Text(r.Description).Raw("</td></tr>\n");
        }
        writer.Raw("</table>\n");
    }

    private static void WriteFinding(ReportWriter writer, int rank, Finding f)
    {
        string severity = f.Severity.ToString();
        writer.Raw($"<div class=\"finding {severity}\" data-finding=\"{f.Kind}\"><h3><span class=\"badge {severity}\">{severity}</span>")
            .Text($"{rank}. {f.Title}").Raw("</h3>\n<p>").Text(f.Explanation).Raw("</p>\n");
        writer.Raw("<table><tr><th>evidence</th><th class=\"num\">value</th><th>test</th></tr>\n");
        foreach (var e in f.Evidence)
            writer.Raw("<tr><td>").Text(e.Name).Raw("</td><td class=\"num\">").Text(e.DisplayValue).Raw("</td><td>").Text(e.DisplayTest).Raw("</td></tr>\n");
        writer.Raw("</table>\n");
        if (f.Affected is { } a)
        {
            string what = a.What switch { AffectedKind.TrainRows => "training rows", AffectedKind.ValidationRows => "validation rows", _ => "feature dimensions" };
            writer.Raw("<p>").Text(string.Create(CultureInfo.InvariantCulture,
                $"Affected: {a.Total} {what}: {string.Join(", ", a.Indices.Take(20))}{(a.Total > 20 ? ", …" : "")}")).Raw("</p>\n");
        }
        writer.Raw("<ul class=\"remedies\">\n");
        foreach (var r in f.Remedies)
        {
            writer.Raw("<li class=\"remedy\"><strong>").Text(r.Kind.ToString()).Raw("</strong>: ").Text(r.Description).Raw(" ");
            WriteParameters(writer, r);
            writer.Raw("</li>\n");
        }
        writer.Raw("</ul></div>\n");
    }

    private static void WriteParameters(ReportWriter writer, Remedy r)
    {
        foreach (var p in r.Parameters)
        {
            writer.Raw("<code>").Text($"{p.Name} = {p.DisplayValue}").Raw("</code>");
            if (p.DisplaySearch.Length > 0)
                writer.Raw(" ").Text($"in {p.DisplaySearch}");
            writer.Raw(" ");
        }
    }
}
