using System.CommandLine;
using PipelineExtensions.Cli.Config;
using PipelineExtensions.Cli.Remedies;
using PipelineExtensions.Cli.Runs;
using PipelineExtensions.Cli.Train;
using PipelineExtensions.Data;
using PipelineExtensions.Diagnostics;
using PipelineExtensions.Persistence;
using PipelineExtensions.Training;
using Spectre.Console;

namespace PipelineExtensions.Cli.Doctor;

/// <summary>
/// <c>pipex doctor --run &lt;run folder | history.json&gt;</c>: diagnoses a finished run. From a history file it
/// reads the learning curves only; from a <c>pipex train</c> run folder it also reloads the config's data and the
/// saved model, so the data detectors and the predictions count as evidence too.
/// </summary>
public static class DoctorCommand
{
    /// <summary>Builds the command; output goes to <paramref name="console"/>.</summary>
    public static Command Create(IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var run = new Option<string>("--run", "-r") { Description = "A pipex train run folder, or a training history JSON file.", Required = true };
        var json = new Option<string?>("--json") { Description = "Also write the diagnosis as JSON to this file." };
        var top = new Option<int>("--top") { Description = "Findings to show.", DefaultValueFactory = _ => 10 };
        var command = new Command("doctor", "Diagnose why a run plateaued: ranked findings with their evidence and remedies.") { run, json, top };
        command.SetAction(parse => Run(console, parse.GetValue(run)!, parse.GetValue(json), parse.GetValue(top)));
        return command;
    }

    /// <summary>Diagnoses <paramref name="runPath"/>; returns 0, or 1 with a message naming the problem.</summary>
    public static int Run(IAnsiConsole console, string runPath, string? jsonPath = null, int top = 10)
    {
        try
        {
            var diagnosis = Diagnose(runPath, out string evidence);
            console.MarkupLine($"Evidence: {Markup.Escape(evidence)}.");
            ConsoleTables.Diagnosis(console, diagnosis, Math.Max(1, top));
            if (diagnosis.Remedies.Count > 0)
            {
                console.MarkupLine("[bold]Remedy plan[/] (merged across the findings):");
                foreach (var r in diagnosis.Remedies)
                    console.MarkupLine($"  → {Markup.Escape(r.ToString())}");
            }
            if (jsonPath is not null)
                diagnosis.Save(jsonPath);
            return 0;
        }
        catch (Exception e) when (e is ConfigException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or FormatException or System.Text.Json.JsonException)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return 1;
        }
    }

    /// <summary>The diagnosis of a run folder or history file; <paramref name="evidence"/> says what it was based on.</summary>
    /// <exception cref="FileNotFoundException">Neither a run folder with a history nor a history file.</exception>
    public static Diagnosis Diagnose(string runPath, out string evidence)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runPath);
        if (File.Exists(runPath))
        {
            evidence = $"the training history in {runPath}";
            return new PlateauDoctor().Diagnose(TrainingHistory.Load(runPath));
        }
        string historyPath = Path.Combine(runPath, TrainCommand.HistoryFileName);
        if (!Directory.Exists(runPath) || !File.Exists(historyPath))
            throw new FileNotFoundException($"'{runPath}' is neither a history JSON file nor a run folder with {TrainCommand.HistoryFileName}.", runPath);
        var history = TrainingHistory.Load(historyPath);
        string configPath = Path.Combine(runPath, TrainCommand.ConfigFileName), modelPath = Path.Combine(runPath, TrainCommand.ModelFileName);
        if (!File.Exists(configPath) || !File.Exists(modelPath))
        {
            evidence = $"the training history in {historyPath} (no config or model beside it)";
            return new PlateauDoctor().Diagnose(history);
        }
        var config = ConfigLoader.Load(configPath);
        string sourcePath = Path.Combine(runPath, TrainCommand.SourceFileName);
        string baseDirectory = File.Exists(sourcePath) ? File.ReadAllText(sourcePath).Trim() : runPath;
        var ctx = new PipelineContext(config.Trainer.Seed);
        var data = RunData.Load(ctx, config.Data, baseDirectory, configPath);
        var model = ModelFile.Load(modelPath, out _);
        var predictions = DiagnosisPredictions.FromTable(model.Transform(data.Validation), data.Label);
        evidence = $"the history, the data of {configPath} and the predictions of {modelPath} on {data.Validation.RowCount} validation rows";
        return ctx.Diagnostics.Diagnose(history, TrainCommand.Diagnose(data), predictions);
    }
}
