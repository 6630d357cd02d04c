using System.Globalization;
using PipelineExtensions.Cli.Reports;
using PipelineExtensions.Diagnostics;
using PipelineExtensions.Neural.Diagnostics;
using Spectre.Console;

namespace PipelineExtensions.Cli.Remedies;

/// <summary>The doctor's findings, the remedies and the before/after table, drawn on a Spectre console.</summary>
public static class ConsoleTables
{
    /// <summary>The findings, ranked, with their deciding evidence and remedies (at most <paramref name="top"/>).</summary>
    public static void Diagnosis(IAnsiConsole console, Diagnosis diagnosis, int top = 5)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(diagnosis);
        if (diagnosis.Findings.Count == 0)
        {
            console.MarkupLine("[green]The doctor found no problem.[/]");
            return;
        }
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Plateau doctor[/]")
            .AddColumn("#").AddColumn("severity").AddColumn("finding").AddColumn("evidence").AddColumn("remedies");
        foreach (var (f, i) in diagnosis.Findings.Take(top).Select((f, i) => (f, i)))
        {
            string color = f.Severity switch { Severity.Critical => "red", Severity.Warning => "yellow", _ => "grey" };
            table.AddRow(
                (i + 1).ToString(CultureInfo.InvariantCulture),
                $"[{color}]{f.Severity}[/]",
                Markup.Escape(f.Title),
                Markup.Escape(string.Join("\n", f.Evidence.Take(2).Select(e => e.ToString()))),
                Markup.Escape(string.Join("\n", f.Remedies.Select(r => r.Kind.ToString()))));
        }
        console.Write(table);
        if (diagnosis.Findings.Count > top)
            console.MarkupLine($"({diagnosis.Findings.Count - top} more in the report)");
    }

    /// <summary>What was done with each remedy.</summary>
    public static void Outcomes(IAnsiConsole console, IEnumerable<RemedyOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(outcomes);
        foreach (var o in outcomes)
            console.MarkupLine(o.Applied
                ? $"  [green]✓[/] [bold]{o.Remedy.Kind}[/]: {Markup.Escape(o.Change)}"
                : $"  [grey]– {o.Remedy.Kind}: left out, {Markup.Escape(o.Change)}[/]");
    }

    /// <summary>The before/after table, improvements green and regressions red.</summary>
    public static void Comparison(IAnsiConsole console, ComparisonTable comparison)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(comparison);
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Before and after[/]")
            .AddColumn("metric").AddColumn(new TableColumn(Markup.Escape(comparison.BeforeLabel)).RightAligned())
            .AddColumn(new TableColumn(Markup.Escape(comparison.AfterLabel)).RightAligned()).AddColumn(new TableColumn("change").RightAligned());
        foreach (var row in comparison.Rows)
        {
            string change = row.Format == EvidenceFormat.Percent
                ? (row.Change * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " pts"
                : row.Change.ToString("+0.###;-0.###;0", CultureInfo.InvariantCulture);
            string color = row.Improved ? "green" : row.Worsened ? "red" : "grey";
            table.AddRow(Markup.Escape(row.Metric), Format(row.Before, row.Format), Format(row.After, row.Format), $"[{color}]{change}[/]");
        }
        console.Write(table);
    }

    private static string Format(double value, EvidenceFormat format) => Markup.Escape(Evidence.Display(value, format));
}
