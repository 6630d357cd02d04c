using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using PipelineExtensions.Cli.Logging;
using PipelineExtensions.Cli.Progress;
using PipelineExtensions.Cli.Remedies;
using Spectre.Console;

namespace PipelineExtensions.Cli.Demo;

/// <summary>
/// <c>pipex demo</c>: the main job on embedded data, no set-up. Trains a plain model on an imbalanced
/// Fashion-MNIST subset, lets the plateau doctor diagnose the run, applies its remedies, retrains and shows the
/// balanced accuracy before and after; writes <c>report.html</c>.
/// </summary>
public static class DemoCommand
{
    /// <summary>Builds the command; output goes to <paramref name="console"/>.</summary>
    public static Command Create(IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var output = new Option<string>("--output", "-o") { Description = "Where to write the HTML report.", DefaultValueFactory = _ => "report.html" };
        var seed = new Option<int>("--seed") { Description = "Seed of the subset and of every random step.", DefaultValueFactory = _ => new DemoOptions().Seed };
        var epochs = new Option<int>("--epochs") { Description = "Maximum epochs of each run.", DefaultValueFactory = _ => new DemoOptions().Epochs };
        var logLevel = new Option<LogLevel>("--log-level") { Description = "Least important log level shown.", DefaultValueFactory = _ => LogLevel.Information };
        var command = new Command("demo", "Train a plain model on imbalanced Fashion-MNIST (embedded), diagnose its plateau, apply the remedies and write report.html.")
        {
            output, seed, epochs, logLevel,
        };
        command.SetAction(parse => Run(console, parse.GetValue(output)!, new DemoOptions { Seed = parse.GetValue(seed), Epochs = parse.GetValue(epochs) }, parse.GetValue(logLevel)));
        return command;
    }

    /// <summary>Runs the demo and writes the report to <paramref name="reportPath"/>; returns 0, or 1 with a message.</summary>
    public static int Run(IAnsiConsole console, string reportPath, DemoOptions options, LogLevel logLevel = LogLevel.Information)
    {
        try
        {
            options.Validate();
            using var loggers = ConsoleLoggerFactory.Create(console, logLevel);
            console.Write(new Rule("[bold]pipex demo[/]: a model stuck on imbalanced data, diagnosed and fixed").LeftJustified());
            var progress = new ConsoleRunProgress(console);
            var result = DemoRunner.Run(options, progress, loggers);

            console.MarkupLine($"Training rows per class: {Markup.Escape(string.Join(", ", result.ClassNames.Select((n, c) => $"{n} {result.TrainCounts[c]}")))}");
            ConsoleTables.Diagnosis(console, result.Diagnosis);
            console.MarkupLine("[bold]Remedies[/] (from the warning and critical findings):");
            ConsoleTables.Outcomes(console, result.Remedied.Plan.Outcomes);
            ConsoleTables.Comparison(console, BeforeAfter.Table(result.PlainTest, result.RemediedTest, result.PlainHistory, result.Remedied.History));

            string path = Path.GetFullPath(reportPath);
            progress.Step("Writing the report", _ =>
            {
                DemoReport.Build(result).Save(path);
                return 0;
            });
            var ci = CultureInfo.InvariantCulture;
            console.MarkupLine(string.Create(ci, $"Balanced accuracy on the balanced test rows: [bold]{result.PlainTest.BalancedAccuracy:P1}[/] plain → [bold green]{result.RemediedTest.BalancedAccuracy:P1}[/] with remedies ({result.BalancedAccuracyLift * 100:+0.0;-0.0} points)."));
            console.MarkupLine(string.Create(ci, $"Report: [link]{Markup.Escape(path)}[/]  ({result.Elapsed.TotalSeconds:0.0} s)"));
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return 1;
        }
    }
}
