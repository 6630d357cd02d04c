using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using PipelineExtensions.AutoML.Experiments;
using PipelineExtensions.AutoML.SearchSpaces;
using PipelineExtensions.AutoML.Storage;
using PipelineExtensions.AutoML.Trials;
using PipelineExtensions.Cli.Config;
using PipelineExtensions.Cli.Logging;
using PipelineExtensions.Cli.Progress;
using PipelineExtensions.Cli.Remedies;
using PipelineExtensions.Cli.Reports;
using PipelineExtensions.Cli.Runs;
using PipelineExtensions.Diagnostics;
using PipelineExtensions.Neural.Trainers;
using PipelineExtensions.Training;
using Spectre.Console;

namespace PipelineExtensions.Cli.Sweeps;

/// <summary>
/// <c>pipex sweep --config cfg.json --store &lt;sqlite file | postgres connection&gt;</c>: an AutoML sweep over the
/// configured pipeline, its trials kept in the store (so several workers can share a study, and a stopped sweep
/// resumes). The space is either the plateau doctor's remedies for a plain run of the config (<c>"space":
/// "remedies"</c>) or explicit ranges over trainer settings (<c>"space": "ranges"</c>).
/// </summary>
public static class SweepCommand
{
    /// <summary>Builds the command; output goes to <paramref name="console"/>.</summary>
    public static Command Create(IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var config = new Option<string>("--config", "-c") { Description = "The run's JSON config with a sweep section (see samples/configs/).", Required = true };
        var store = new Option<string>("--store", "-s") { Description = "Trial store: a SQLite file path (or sqlite:PATH), postgres:CONNECTION or a Npgsql connection string (Host=...), or memory.", Required = true };
        var output = new Option<string?>("--output", "-o") { Description = "Also write the sweep's report.html and results into this folder." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace an existing output folder." };
        var logLevel = new Option<LogLevel>("--log-level") { Description = "Least important log level shown.", DefaultValueFactory = _ => LogLevel.Warning };
        var command = new Command("sweep", "Sweep the pipeline of a JSON config (over the doctor's remedies or explicit ranges), trials kept in a store.")
        {
            config, store, output, overwrite, logLevel,
        };
        command.SetAction(parse => Run(console, parse.GetValue(config)!, parse.GetValue(store)!, parse.GetValue(output), parse.GetValue(overwrite), parse.GetValue(logLevel)));
        return command;
    }

    /// <summary>Runs the sweep; returns 0, or 1 with a message naming the problem.</summary>
    public static int Run(IAnsiConsole console, string configPath, string storeLocation, string? outputPath = null, bool overwrite = false, LogLevel logLevel = LogLevel.Warning)
    {
        try
        {
            var config = ConfigLoader.Load(configPath);
            var sweep = config.Sweep ?? throw new ConfigException(configPath, "$.sweep", "expected a sweep section (trials, metric, space) for pipex sweep");
            if (outputPath is not null)
                RunFolder.EnsureWritable(outputPath, overwrite);
            using var loggers = ConsoleLoggerFactory.Create(console, logLevel);
            var ctx = new PipelineContext(sweep.Seed, loggers);
            var data = RunData.Load(ctx, config.Data, Path.GetDirectoryName(Path.GetFullPath(configPath))!, configPath);
            var progress = new ConsoleRunProgress(console);

            IReadOnlyList<Remedy>? remedies = null;
            SearchSpace space;
            if (sweep.Space == "remedies")
            {
                var plain = TrainRun.Execute(ctx, config, data, progress, configPath, title: "Plain run");
                var diagnosis = new PlateauDoctor().Diagnose(plain.History, Train.TrainCommand.Diagnose(data),
                    DiagnosisPredictions.FromTable(plain.Model.Transform(data.Validation), data.Label));
                ConsoleTables.Diagnosis(console, diagnosis, top: 3);
                var plan = new Diagnosis(diagnosis.Findings.Where(f => f.Severity >= Severity.Warning).ToArray(), diagnosis.ClassNames);
                remedies = plan.Remedies;
                space = ctx.AutoML.CreateSearchSpace(plan);
                if (space.Count == 0)
                    throw new InvalidOperationException("The doctor found nothing to search: no warning or critical finding has a remedy with a range or choices. Train the config as it is, or sweep explicit ranges.");
                console.MarkupLine($"Search space from the remedies: {Markup.Escape(space.ToString())}");
            }
            else
                space = Ranges(sweep);

            using var store = OpenStore(storeLocation);
            var experiment = ctx.AutoML.CreateExperiment(space, (parameters, trial) =>
            {
                var run = TrainRun.Execute(ctx, config, data, SilentRunProgress.Instance, configPath, remedies, remedies is null ? null : parameters,
                    epochs: trial.CreateProgress<EpochReport>(r => r.Epoch, r => Metric(r.Validation?.Confusion, sweep.Metric)),
                    adjust: remedies is null ? o => Adjust(o, parameters) : null, cancellation: trial.CancellationToken);
                var v = run.Validation;
                return new TrialOutcome(new Dictionary<string, double>
                {
                    ["balanced_accuracy"] = v.BalancedAccuracy,
                    ["accuracy"] = v.Accuracy,
                    ["macro_f1"] = v.MacroF1,
                    ["epochs"] = run.History.Epochs.Count,
                }, Metric(v.Confusion, sweep.Metric));
            }, new ExperimentOptions
            {
                StudyName = sweep.Study,
                Direction = OptimizationDirection.Maximize,
                Metric = sweep.Metric,
                MaxTrials = sweep.Trials,
                Store = store,
            });
            var result = progress.Step($"Sweep: {sweep.Trials} trials", report =>
                experiment.Run(new Progress(p => report(p.MaxTrials is int max && max > 0 ? p.FinishedInRun / (double)max : 0))));

            console.WriteLine(result.FormatTable(top: 10));
            if (result.BestTrial is { } best)
                console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"Best: trial {best.Number}, validation {sweep.Metric} [bold]{best.Value:P1}[/] with {Markup.Escape(best.Parameters?.ToString() ?? "")}"));
            if (outputPath is not null)
            {
                RunFolder.Write(outputPath, overwrite, folder =>
                {
                    File.WriteAllText(Path.Combine(folder, "trials.txt"), result.FormatTable());
                    File.Copy(configPath, Path.Combine(folder, "config.json"));
                    new HtmlReport($"pipex sweep: {Path.GetFileName(configPath)}", $"Study '{sweep.Study}', {result.Trials.Count} trials, maximising validation {sweep.Metric}.")
                        .AddSweep(Results(result, sweep.Metric))
                        .Save(Path.Combine(folder, "report.html"));
                });
                console.MarkupLine($"Sweep folder: [link]{Markup.Escape(Path.GetFullPath(outputPath))}[/]");
            }
            return 0;
        }
        catch (Exception e) when (e is ConfigException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException
            or Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return 1;
        }
    }

    /// <summary>Opens the store; a bare Npgsql connection string (Host=...) means PostgreSQL.</summary>
    internal static ITrialStore OpenStore(string location) =>
        TrialStore.Open(location.Contains("Host=", StringComparison.OrdinalIgnoreCase) && !location.StartsWith("postgres:", StringComparison.OrdinalIgnoreCase)
            ? "postgres:" + location
            : location);

    private static double Metric(ConfusionMatrix? m, string metric) => m is null ? double.NaN : metric switch
    {
        "accuracy" => m.Accuracy,
        "macro_f1" => m.MacroF1,
        _ => m.BalancedAccuracy,
    };

    private static SearchSpace Ranges(SweepConfig sweep)
    {
        var space = new SearchSpace();
        foreach (var (name, r) in sweep.Ranges!)
        {
            if (name is "batch_size" or "hidden_units")
                space.AddInt(name, (long)Math.Round(r.Low), (long)Math.Round(r.High), log: r.Log);
            else
                space.AddFloat(name, r.Low, r.High, log: r.Log);
        }
        return space;
    }

    private static void Adjust(NeuralTrainerOptions o, TrialParameters p)
    {
        if (p.ContainsKey("learning_rate"))
            o.LearningRate = p.GetDouble("learning_rate");
        if (p.ContainsKey("weight_decay"))
            o.WeightDecay = p.GetDouble("weight_decay");
        if (p.ContainsKey("batch_size"))
            o.BatchSize = p.GetInt32("batch_size");
        if (p.ContainsKey("dropout"))
        {
            if (o is MlpTrainerOptions m)
                m.Dropout = p.GetDouble("dropout");
            else if (o is ImageClassifierOptions c)
                c.Dropout = p.GetDouble("dropout");
        }
        if (p.ContainsKey("hidden_units") && o is MlpTrainerOptions mlp)
            mlp.HiddenLayers = mlp.HiddenLayers.Select(_ => p.GetInt32("hidden_units")).ToArray();
    }

    private static SweepResults Results(ExperimentResult result, string metric) => new(
        $"validation {metric}", maximize: true,
        result.Trials.Select(t => new SweepTrial(t.Number, t.Value ?? double.NaN,
            t.Parameters?.Keys.ToDictionary(k => k, k => t.Parameters.GetString(k)) ?? new Dictionary<string, string>(),
            t.State == TrialState.Complete ? "Complete" : t.State.ToString())));

    private sealed class Progress(Action<TrialProgress> report) : IProgress<TrialProgress>
    {
        public void Report(TrialProgress value) => report(value);
    }
}
