using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using PipelineExtensions.Cli.Config;
using PipelineExtensions.Cli.Logging;
using PipelineExtensions.Cli.Progress;
using PipelineExtensions.Cli.Remedies;
using PipelineExtensions.Cli.Reports;
using PipelineExtensions.Cli.Runs;
using PipelineExtensions.Data;
using PipelineExtensions.Diagnostics;
using PipelineExtensions.Persistence;
using Spectre.Console;

namespace PipelineExtensions.Cli.Train;

/// <summary>
/// <c>pipex train --config cfg.json</c>: trains the configured pipeline and writes the run folder atomically —
/// <c>model.pipex</c>, <c>history.json</c>, <c>diagnosis.json</c>, <c>report.html</c> and a copy of the config.
/// </summary>
public static class TrainCommand
{
    /// <summary>The model file's name in a run folder.</summary>
    public const string ModelFileName = "model.pipex";

    /// <summary>The history's file name in a run folder.</summary>
    public const string HistoryFileName = "history.json";

    /// <summary>The diagnosis's file name in a run folder.</summary>
    public const string DiagnosisFileName = "diagnosis.json";

    /// <summary>The report's file name in a run folder.</summary>
    public const string ReportFileName = "report.html";

    /// <summary>The config copy's file name in a run folder.</summary>
    public const string ConfigFileName = "config.json";

    /// <summary>The file that records where the config's relative data paths point (the original config's folder).</summary>
    public const string SourceFileName = "source.txt";

    /// <summary>Builds the command; output goes to <paramref name="console"/>.</summary>
    public static Command Create(IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var config = new Option<string>("--config", "-c") { Description = "The run's JSON config (see samples/configs/).", Required = true };
        var output = new Option<string?>("--output", "-o") { Description = "The run folder to write (default: runs/<config name>)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace an existing run folder." };
        var logLevel = new Option<LogLevel>("--log-level") { Description = "Least important log level shown.", DefaultValueFactory = _ => LogLevel.Information };
        var command = new Command("train", "Train the pipeline a JSON config describes; write model, history, diagnosis and report into a run folder.")
        {
            config, output, overwrite, logLevel,
        };
        command.SetAction(parse => Run(console, parse.GetValue(config)!, parse.GetValue(output), parse.GetValue(overwrite), parse.GetValue(logLevel)));
        return command;
    }

    /// <summary>Trains and writes the run folder; returns 0, or 1 with a message naming the problem.</summary>
    public static int Run(IAnsiConsole console, string configPath, string? outputPath, bool overwrite = false, LogLevel logLevel = LogLevel.Information)
    {
        try
        {
            var config = ConfigLoader.Load(configPath);
            string output = outputPath ?? Path.Combine("runs", Path.GetFileNameWithoutExtension(configPath));
            RunFolder.EnsureWritable(output, overwrite);
            using var loggers = ConsoleLoggerFactory.Create(console, logLevel);
            var ctx = new PipelineContext(config.Trainer.Seed, loggers);
            var data = RunData.Load(ctx, config.Data, Path.GetDirectoryName(Path.GetFullPath(configPath))!, configPath);
            var progress = new ConsoleRunProgress(console);
            var run = TrainRun.Execute(ctx, config, data, progress, configPath);
            var diagnosis = progress.Step("Diagnosing the run", _ => ctx.Diagnostics.Diagnose(run.History,
                Diagnose(data), DiagnosisPredictions.FromTable(run.Model.Transform(data.Validation), data.Label)));

            progress.Step("Writing the run folder", _ =>
            {
                RunFolder.Write(output, overwrite, folder =>
                {
                    ModelFile.Save(run.Model, data.Train.Schema, Path.Combine(folder, ModelFileName));
                    run.History.Save(Path.Combine(folder, HistoryFileName));
                    diagnosis.Save(Path.Combine(folder, DiagnosisFileName));
                    File.Copy(configPath, Path.Combine(folder, ConfigFileName));
                    File.WriteAllText(Path.Combine(folder, SourceFileName), Path.GetDirectoryName(Path.GetFullPath(configPath)) + Environment.NewLine);
                    Report(configPath, data, run, diagnosis).Save(Path.Combine(folder, ReportFileName));
                });
                return 0;
            });
            var v = run.Validation;
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"Validation: balanced accuracy [bold]{v.BalancedAccuracy:P1}[/], accuracy {v.Accuracy:P1}, macro F1 {v.MacroF1:P1} after {run.History.Epochs.Count} epochs ({run.History.StopReason})."));
            ConsoleTables.Diagnosis(console, diagnosis, top: 3);
            console.MarkupLine($"Run folder: [link]{Markup.Escape(Path.GetFullPath(output))}[/]");
            return 0;
        }
        catch (Exception e) when (e is ConfigException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return 1;
        }
    }

    /// <summary>The data evidence for the doctor, when the trainer reads a column of the raw data (not a concatenation).</summary>
    internal static DiagnosisData Diagnose(RunData data)
    {
        // The data detectors read the trainer's input column: make it when the config concatenates columns.
        var (train, validation) = (data.Train, data.Validation);
        foreach (var step in data.Prefix)
        {
            var fitted = step.Fit(train);
            (train, validation) = (fitted.Transform(train), fitted.Transform(validation));
        }
        return new DiagnosisData(train, validation, data.Label, data.Features);
    }

    private static HtmlReport Report(string configPath, RunData data, TrainRun run, Diagnosis diagnosis)
    {
        var names = data.ClassNames;
        return new HtmlReport($"pipex train: {Path.GetFileName(configPath)}",
                string.Create(CultureInfo.InvariantCulture, $"{data.Train.RowCount} training and {data.Validation.RowCount} validation rows; validation balanced accuracy {run.Validation.BalancedAccuracy:P1}."))
            .AddLearningCurves(run.History)
            .AddDiagnosis(diagnosis)
            .AddClassDistribution(names, data.Train.GetColumn<KeyColumn>(data.Label).CountPerClass(), heading: "Training class distribution", beforeLabel: "training rows")
            .AddConfusionMatrix(run.Validation.Confusion, names, "Confusion matrix (validation rows)");
    }
}
