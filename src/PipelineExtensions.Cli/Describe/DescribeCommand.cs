using System.CommandLine;
using PipelineExtensions.Data;
using Spectre.Console;

namespace PipelineExtensions.Cli.Describe;

/// <summary><c>pipex describe &lt;file&gt;</c>: schema, row count and class distribution of a CSV, IDX or Arrow file.</summary>
public static class DescribeCommand
{
    /// <summary>Builds the command; output goes to <paramref name="console"/>.</summary>
    public static Command Create(IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var file = new Argument<string>("file") { Description = "A CSV (or .tsv), IDX (raw or .gz; an images file picks up its labels file) or Arrow IPC file." };
        var label = new Option<string?>("--label") { Description = "The class column to chart (default: the first key column, else one named label/class/target)." };
        var command = new Command("describe", "Show the schema, row count and class distribution of a data file.") { file, label };
        command.SetAction(parse => Run(console, parse.GetValue(file)!, parse.GetValue(label)));
        return command;
    }

    /// <summary>Describes <paramref name="path"/>; returns 0, or 1 with a message when the file cannot be read.</summary>
    public static int Run(IAnsiConsole console, string path, string? labelColumn)
    {
        try
        {
            var loaded = DataFileLoader.Load(path);
            DescribeReport.Render(console, path, loaded, labelColumn);
            return 0;
        }
        catch (Exception e) when (e is FileNotFoundException or DataFormatException or ColumnNotFoundException or UnauthorizedAccessException or IOException or NotSupportedException)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return 1;
        }
    }
}
