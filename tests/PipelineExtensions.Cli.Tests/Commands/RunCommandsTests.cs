using PipelineExtensions.Cli.Sweeps;
using PipelineExtensions.Cli.Train;
using PipelineExtensions.Data;
using PipelineExtensions.Data.Samples;
using PipelineExtensions.Persistence;
using PipelineExtensions.Training;
using Xunit.Abstractions;

namespace PipelineExtensions.Cli.Tests.Commands;

// train, doctor and sweep in-process on the embedded data, with few epochs.
public sealed class RunCommandsTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pipex-run-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Credit = """
        {
          "data": { "source": "credit-like", "label": "label", "features": ["f01","f02","f03","f04","f05","f06","f07","f08","f09","f10","f11","f12"], "validation_fraction": 0.25 },
          "trainer": { "hidden_layers": [16], "epochs": 3, "batch_size": 128, "learning_rate": 0.003, "seed": 3 },
          "pipeline": { "class_weights": "balanced" },
          "callbacks": { "early_stopping": { "monitor": "val_balanced_accuracy", "patience": 2 } },
          "sweep": { "study": "s", "trials": 2, "space": "ranges", "ranges": { "learning_rate": { "low": 0.001, "high": 0.01, "log": true }, "hidden_units": { "low": 4, "high": 16 } } }
        }
        """;

    private const string Fashion = """
        {
          "data": { "source": "fashion-mnist", "validation": "fashion-mnist-test", "imbalance": { "largest": 60, "ratio": 20 }, "seed": 7 },
          "trainer": { "hidden_layers": [32], "epochs": 4, "seed": 7 },
          "sweep": { "study": "remedies", "trials": 2, "space": "remedies" }
        }
        """;

    private string Write(string name, string json)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Train_writes_model_history_diagnosis_and_report_and_doctor_reads_them_back()
    {
        string config = Write("credit.json", Credit), run = Path.Combine(_dir, "run");
        var (exit, text) = CliHarness.Invoke("train", "--config", config, "--output", run);
        output.WriteLine(text);
        Assert.Equal(0, exit);
        foreach (var file in new[] { TrainCommand.ModelFileName, TrainCommand.HistoryFileName, TrainCommand.DiagnosisFileName, TrainCommand.ReportFileName, TrainCommand.ConfigFileName })
            Assert.True(File.Exists(Path.Combine(run, file)), file);
        Assert.Empty(Directory.GetDirectories(_dir, ".run.*"));

        // The model file predicts the raw table (the concatenation is part of it); the history round-trips.
        var model = ModelFile.Load(Path.Combine(run, TrainCommand.ModelFileName), out var schema);
        var scored = model.Transform(SampleData.ImbalancedTabular().Slice(0, 50));
        Assert.Equal(50, scored.GetColumn<KeyColumn>("PredictedLabel").Length);
        var history = TrainingHistory.Load(Path.Combine(run, TrainCommand.HistoryFileName));
        Assert.InRange(history.Epochs.Count, 1, 3);

        var (doctorExit, doctorText) = CliHarness.Invoke("doctor", "--run", run, "--json", Path.Combine(_dir, "d.json"));
        output.WriteLine(doctorText);
        Assert.Equal(0, doctorExit);
        Assert.Contains("predictions of", doctorText);          // the data and the model were used as evidence
        Assert.Contains("Class imbalance", doctorText);        // 89.5 % normal vs 2.4 % fraud
        Assert.Contains("\"pipex-diagnosis\"", File.ReadAllText(Path.Combine(_dir, "d.json")));

        var (historyExit, historyText) = CliHarness.Invoke("doctor", "--run", Path.Combine(run, TrainCommand.HistoryFileName));
        Assert.Equal(0, historyExit);
        Assert.Contains("the training history in", historyText);
    }

    [Fact]
    public void Train_refuses_a_non_empty_output_folder_and_a_failed_run_leaves_nothing()
    {
        string run = Path.Combine(_dir, "existing");
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, "keep.txt"), "x");
        var (exit, text) = CliHarness.Invoke("train", "--config", Write("credit.json", Credit), "--output", run);
        Assert.Equal(1, exit);
        Assert.Contains("--overwrite", text);
        Assert.Equal(["keep.txt"], Directory.GetFiles(run).Select(Path.GetFileName));

        string bad = Write("bad.json", Credit.Replace("\"f12\"", "\"f13\""));
        string target = Path.Combine(_dir, "never");
        (exit, text) = CliHarness.Invoke("train", "--config", bad, "--output", target);
        output.WriteLine(text);
        Assert.Equal(1, exit);
        Assert.Contains("$.data.features[11]", text);
        Assert.Contains("'f13'", text);
        Assert.False(Directory.Exists(target));
        Assert.Empty(Directory.GetDirectories(_dir, ".never.*"));
    }

    [Fact]
    public void Train_names_an_unknown_config_field()
    {
        var (exit, text) = CliHarness.Invoke("train", "--config", Write("typo.json", """{ "trainer": { "epochz": 3 } }"""));
        Assert.Equal(1, exit);
        Assert.Contains("$.trainer.epochz: unknown field \"epochz\"", text);
    }

    [Fact]
    public void Sweep_over_ranges_keeps_its_trials_in_a_sqlite_store()
    {
        string store = Path.Combine(_dir, "sweep.db"), folder = Path.Combine(_dir, "sweep");
        var (exit, text) = CliHarness.Invoke("sweep", "--config", Write("credit.json", Credit), "--store", store, "--output", folder);
        output.WriteLine(text);
        Assert.Equal(0, exit);
        Assert.Contains("Best: trial", text);
        using var opened = SweepCommand.OpenStore(store);
        var result = PipelineExtensions.AutoML.Experiments.ExperimentResult.Load(opened, "s");
        Assert.Equal(2, result.Trials.Count(t => t.State == PipelineExtensions.AutoML.Trials.TrialState.Complete));
        Assert.All(result.Trials, t => Assert.InRange(t.Value!.Value, 0, 1));
        Assert.True(File.Exists(Path.Combine(folder, "report.html")));
    }

    [Fact]
    public void Sweep_over_the_remedies_searches_the_doctors_space()
    {
        var (exit, text) = CliHarness.Invoke("sweep", "--config", Write("fashion.json", Fashion), "--store", "memory");
        output.WriteLine(text);
        Assert.Equal(0, exit);
        Assert.Contains("Search space from the remedies:", text);
        Assert.Contains("OverSample.Sampler", text);
        Assert.Contains("Best: trial", text);
    }

    [Fact]
    public void Train_with_remedy_applies_the_doctors_plan_and_keeps_both_histories()
    {
        string run = Path.Combine(_dir, "remedied");
        var (exit, text) = CliHarness.Invoke("train", "--config", Write("fashion.json", Fashion), "--output", run, "--remedy");
        output.WriteLine(text);
        Assert.Equal(0, exit);
        Assert.Contains("Before and after", text);
        Assert.Contains("validation balanced accuracy", text);
        Assert.Contains("OverSample", text);
        Assert.True(File.Exists(Path.Combine(run, TrainCommand.PlainHistoryFileName)));
        Assert.Contains("Before and after (validation rows)", File.ReadAllText(Path.Combine(run, TrainCommand.ReportFileName)));
        // The saved model is the remedied chain: its train-only sampler passes prediction rows through.
        var model = ModelFile.Load(Path.Combine(run, TrainCommand.ModelFileName), out _);
        Assert.Equal(100, model.Transform(SampleData.FashionMnistTest().Slice(0, 100)).RowCount);
    }

    [Fact]
    public void Sweep_without_a_sweep_section_names_it()
    {
        var (exit, text) = CliHarness.Invoke("sweep", "--config", Write("nosweep.json", "{}"), "--store", "memory");
        Assert.Equal(1, exit);
        Assert.Contains("$.sweep: expected a sweep section", text);
    }
}
