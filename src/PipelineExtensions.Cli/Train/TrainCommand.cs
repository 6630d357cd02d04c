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
        var remedy = new Option<bool>("--remedy") { Description = "Auto-remedy: diagnose the run, apply the remedies of its warning and critical findings, retrain, and keep the remedied model (the plain run's history is kept as plain-history.json)." };
        var command = new Command("train", "Train the pipeline a JSON config describes; write model, history, diagnosis and report into a run folder.")
        {
            config, output, overwrite, remedy, logLevel,
        };
        command.SetAction(parse => Run(console, parse.GetValue(config)!, parse.GetValue(output), parse.GetValue(overwrite), parse.GetValue(logLevel), parse.GetValue(remedy)));
        return command;
    }

    /// <summary>The plain run's history in a run folder of <c>train --remedy</c>.</summary>
    public const string PlainHistoryFileName = "plain-history.json";

    /// <summary>Trains and writes the run folder; returns 0, or 1 with a message naming the problem.</summary>
    /// <param name="console">Where to write.</param>
    /// <param name="configPath">The JSON config.</param>
    /// <param name="outputPath">The run folder; null: runs/&lt;config name&gt;.</param>
    /// <param name="overwrite">Replace an existing run folder.</param>
    /// <param name="logLevel">Least important log level shown.</param>
    /// <param name="remedy">Apply the diagnosis's remedies and retrain (auto-remedy); the remedied model is saved.</param>
    public static int Run(IAnsiConsole console, string configPath, string? outputPath, bool overwrite = false, LogLevel logLevel = LogLevel.Information, bool remedy = false)
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
            var run = TrainRun.Execute(ctx, config, data, progress, configPath, title: remedy ? "Plain run" : "Training");
            var diagnosis = progress.Step("Diagnosing the run", _ => ctx.Diagnostics.Diagnose(run.History,
                Diagnose(data), DiagnosisPredictions.FromTable(run.Model.Transform(data.Validation), data.Label)));
            TrainRun? plain = null;
            if (remedy)
            {
                ConsoleTables.Diagnosis(console, diagnosis, top: 3);
                (plain, run) = (run, TrainRun.Execute(ctx, config, data, progress, configPath, AutoRemedy.Plan(diagnosis), title: "Training with remedies"));
                console.MarkupLine("[bold]Remedies[/] (from the warning and critical findings):");
                ConsoleTables.Outcomes(console, run.Remedies);
                ConsoleTables.Comparison(console, BeforeAfter.Table(plain.Validation, run.Validation, plain.History, run.History, "validation"));
            }

            progress.Step("Writing the run folder", _ =>
            {
                RunFolder.Write(output, overwrite, folder =>
                {
                    ModelFile.Save(run.Model, data.Train.Schema, Path.Combine(folder, ModelFileName));
                    run.History.Save(Path.Combine(folder, HistoryFileName));
                    plain?.History.Save(Path.Combine(folder, PlainHistoryFileName));
                    diagnosis.Save(Path.Combine(folder, DiagnosisFileName));
                    File.Copy(configPath, Path.Combine(folder, ConfigFileName));
                    File.WriteAllText(Path.Combine(folder, SourceFileName), Path.GetDirectoryName(Path.GetFullPath(configPath)) + Environment.NewLine);
                    Report(configPath, data, run, diagnosis, plain).Save(Path.Combine(folder, ReportFileName));
                });
                return 0;
            });
            var v = run.Validation;
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"Validation: balanced accuracy [bold]{v.BalancedAccuracy:P1}[/], accuracy {v.Accuracy:P1}, macro F1 {v.MacroF1:P1} after {run.History.Epochs.Count} epochs ({run.History.StopReason})."));
            if (!remedy)
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

    /// <summary>The data evidence for the doctor: the training and validation tables with the trainer's feature column.</summary>
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

    private static HtmlReport Report(string configPath, RunData data, TrainRun run, Diagnosis diagnosis, TrainRun? plain)
    {
        var names = data.ClassNames;
        var report = new HtmlReport($"pipex train: {Path.GetFileName(configPath)}",
            string.Create(CultureInfo.InvariantCulture, $"{data.Train.RowCount} training and {data.Validation.RowCount} validation rows; validation balanced accuracy {run.Validation.BalancedAccuracy:P1}."));
        if (plain is not null)
            report.AddComparison(BeforeAfter.Table(plain.Validation, run.Validation, plain.History, run.History, "validation"), "Before and after (validation rows)")
                .AddList("Remedies applied", run.Remedies.Select(o => o.ToString()))
                .AddLearningCurves(plain.History, "Learning curves: plain run");
        return report
            .AddLearningCurves(run.History, plain is null ? "Learning curves" : "Learning curves: with remedies")
            .AddDiagnosis(diagnosis, plain is null ? "Diagnosis" : "Diagnosis of the plain run")
            .AddClassDistribution(names, data.Train.GetColumn<KeyColumn>(data.Label).CountPerClass(), heading: "Training class distribution", beforeLabel: "training rows")
            .AddConfusionMatrix(run.Validation.Confusion, names, "Confusion matrix (validation rows)");
    }
}
