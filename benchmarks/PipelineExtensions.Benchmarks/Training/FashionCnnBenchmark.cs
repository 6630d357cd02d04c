using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using PipelineExtensions.Benchmarks.Infrastructure;
using PipelineExtensions.Benchmarks.Neural;
using PipelineExtensions.Data;
using PipelineExtensions.Neural.Trainers;
using PipelineExtensions.Training;

namespace PipelineExtensions.Benchmarks.Training;

/// <summary>
/// The plateau-aware training proof on full Fashion-MNIST (60,000 training / 10,000 test images):
/// <list type="bullet">
/// <item><c>recipe</c>: small CNN, Adam + ReduceLROnPlateau + EarlyStopping(restore best weights), side by side with
/// the same recipe in PyTorch 1.13 (benchmarks/reference/fashion_cnn_recipe.py), printing epochs, wall time, test
/// accuracy and torch_time / our_time;</item>
/// <item><c>divergence</c>: the same network with a learning rate far too high, recovered by the divergence guard;</item>
/// <item><c>plateau</c>: an MLP whose validation loss plateaus until ReduceLROnPlateau cuts the rate.</item>
/// </list>
/// </summary>
public sealed class FashionCnnBenchmark : ISideBySideBenchmark
{
    private const string Data = "/usr/share/datasets/fashion-mnist";

    /// <inheritdoc/>
    public string Name => "trainers";

    /// <inheritdoc/>
    public string Description => "Fashion-MNIST CNN recipe vs PyTorch 1.13 (recipe), divergence-guard and plateau demonstrations";

    /// <inheritdoc/>
    public int Run(string[] args)
    {
        string mode = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "recipe";
        int limit = IntArg(args, "--limit", 0), threads = IntArg(args, "--threads", 2), epochs = IntArg(args, "--epochs", 20), patience = IntArg(args, "--patience", 4);
        bool reference = !args.Contains("--no-reference");
        Console.WriteLine($"machine: {TorchReference.Machine()}");
        var ctx = new PipelineContext(seed: 1);
        var clock = Stopwatch.StartNew();
        var train = ctx.Data.LoadFromIdx(Path.Combine(Data, "train-images-idx3-ubyte.gz"), Path.Combine(Data, "train-labels-idx1-ubyte.gz"));
        var test = ctx.Data.LoadFromIdx(Path.Combine(Data, "t10k-images-idx3-ubyte.gz"), Path.Combine(Data, "t10k-labels-idx1-ubyte.gz"));
        if (limit > 0)
            train = train.Slice(0, limit);
        Console.WriteLine($"data: {train.RowCount} training rows ({train.Schema}), {test.RowCount} test rows, loaded in {clock.Elapsed.TotalSeconds:F1} s");
        return mode switch
        {
            "recipe" => Recipe(ctx, train, test, threads, epochs, patience, limit, reference),
            "divergence" => Divergence(ctx, train, test, threads, Math.Min(epochs, IntArg(args, "--epochs", 4))),
            "plateau" => Plateau(ctx, train, test, threads, IntArg(args, "--epochs", 12)),
            _ => throw new ArgumentException($"Unknown mode '{mode}': use recipe, divergence or plateau."),
        };
    }

    private static int Recipe(PipelineContext ctx, DataTable train, DataTable test, int threads, int epochs, int patience, int limit, bool reference)
    {
        var options = new ImageClassifierOptions
        {
            Epochs = epochs,
            BatchSize = 128,
            LearningRate = 1e-3,
            Seed = 1,
            Threads = threads,
            ValidationFraction = 0.1,
            Callbacks =
            [
                new ReduceLROnPlateau { Behavior = PlateauBehavior.PyTorch, Factor = 0.5, Patience = 2, MinLearningRate = 1e-5 },
                new EarlyStopping { Patience = patience, RestoreBestWeights = true },
            ],
            Progress = new Printer(),
        };
        Console.WriteLine($"ours: ImageClassifier SmallCnn, Adam lr 1e-3, batch 128, ReduceLROnPlateau(PyTorch rules, factor 0.5, patience 2, min_lr 1e-5), EarlyStopping(patience {patience}, restore best), ≤ {epochs} epochs, {threads} threads");
        var clock = Stopwatch.StartNew();
        var model = ctx.Trainers.ImageClassifier(options).Fit(train);
        double ours = clock.Elapsed.TotalSeconds;
        double accuracy = Accuracy(model, test);
        var history = model.History!;
        PrintEvents(history);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ours: {history.Epochs.Count} epochs ({history.StopReason}), best epoch {history.RestoredEpoch + 1}, {ours:F1} s ({ours / history.Epochs.Count:F1} s/epoch), test accuracy {accuracy:P2}"));
        if (!reference)
            return 0;

        Console.WriteLine("reference: benchmarks/reference/fashion_cnn_recipe.py with /usr/bin/python3 (PyTorch 1.13), same recipe");
        var result = RunReference(["--threads", threads.ToString(CultureInfo.InvariantCulture), "--epochs", epochs.ToString(CultureInfo.InvariantCulture), "--patience", patience.ToString(CultureInfo.InvariantCulture),
            .. limit > 0 ? new[] { "--limit", limit.ToString(CultureInfo.InvariantCulture) } : []]);
        double torch = result["seconds"]!.GetValue<double>();
        int torchEpochs = result["epochs"]!.GetValue<int>();
        Console.WriteLine();
        Console.WriteLine($"{"",-16} {"epochs",7} {"best",5} {"wall s",9} {"s/epoch",8} {"test acc",9}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"ours",-16} {history.Epochs.Count,7} {history.RestoredEpoch + 1,5} {ours,9:F1} {ours / history.Epochs.Count,8:F1} {accuracy,9:P2}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"PyTorch " + result["torch"],-16} {torchEpochs,7} {result["best_epoch"],5} {torch,9:F1} {torch / torchEpochs,8:F1} {result["test_accuracy"]!.GetValue<double>(),9:P2}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"torch_time / our_time: whole run {torch / ours:F2}, per epoch {torch / torchEpochs / (ours / history.Epochs.Count):F2}"));
        return 0;
    }

    private static int Divergence(PipelineContext ctx, DataTable train, DataTable test, int threads, int epochs)
    {
        // SGD with momentum at 100× a sensible rate: the loss explodes within a few batches.
        var options = new ImageClassifierOptions
        {
            Epochs = epochs,
            BatchSize = 128,
            Optimizer = NeuralOptimizerKind.Sgd,
            Momentum = 0.9,
            LearningRate = 5,
            Seed = 1,
            Threads = threads,
            Callbacks = [new DivergenceGuard { LearningRateFactor = 0.1, MaxRecoveries = 3 }],
            Progress = new Printer(),
        };
        Console.WriteLine($"ours: ImageClassifier SmallCnn, SGD(momentum 0.9) at lr 5 (far too high), DivergenceGuard(factor 0.1, 3 recoveries), {epochs} epochs");
        var model = ctx.Trainers.ImageClassifier(options).Fit(train);
        PrintEvents(model.History!);
        Console.WriteLine($"final learning rate {model.History!.LearningRates[^1]:G3}, stop: {model.History.StopReason}, test accuracy {Accuracy(model, test):P2}");
        return 0;
    }

    private static int Plateau(PipelineContext ctx, DataTable train, DataTable test, int threads, int epochs)
    {
        // Plain SGD at a rate high enough to bounce around the minimum: the validation loss stalls until the cut.
        var options = new MlpTrainerOptions
        {
            FeatureColumnName = "Image",
            HiddenLayers = [256, 128],
            Epochs = epochs,
            BatchSize = 128,
            Optimizer = NeuralOptimizerKind.Sgd,
            Momentum = 0.9,
            LearningRate = 0.1,
            Seed = 1,
            Threads = threads,
            Callbacks = [new ReduceLROnPlateau { Factor = 0.1, Patience = 2, MinDelta = 1e-3 }],
            Progress = new Printer(),
        };
        Console.WriteLine($"ours: MLP 784-256-128-10, SGD(momentum 0.9) lr 0.1, ReduceLROnPlateau(Keras rules, factor 0.1, patience 2, min_delta 1e-3), {epochs} epochs");
        var model = ctx.Trainers.MultilayerPerceptron(options).Fit(train);
        var history = model.History!;
        PrintEvents(history);
        foreach (var cut in history.EventsOf(TrainingEventKind.LearningRateChanged).Where(c => c.Epoch + 1 < history.Epochs.Count))
        {
            var before = history.Series(MetricNames.ValidationLoss).Take(cut.Epoch + 1).Min();
            var after = history.Series(MetricNames.ValidationLoss).Skip(cut.Epoch + 1).DefaultIfEmpty(double.NaN).Min();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cut after epoch {cut.Epoch + 1}: best val_loss before {before:F4}, after {after:F4}"));
        }
        Console.WriteLine($"test accuracy {Accuracy(model, test):P2}");
        return 0;
    }

    private static double Accuracy(NeuralClassifierModel model, DataTable test)
    {
        var scored = model.Transform(test);
        return ConfusionMatrix.FromPredictions(scored.GetColumn<KeyColumn>("Label").Keys, scored.GetColumn<KeyColumn>("PredictedLabel").Keys, model.ClassCount).Accuracy;
    }

    private static void PrintEvents(TrainingHistory history)
    {
        foreach (var e in history.Events.Where(e => e.Kind != TrainingEventKind.BestEpoch))
            Console.WriteLine($"  event: {e}");
    }

    private static JsonObject RunReference(string[] arguments)
    {
        string script = Path.Combine(TorchReference.RepositoryRoot(), "benchmarks", "reference", "fashion_cnn_recipe.py");
        var start = ReferencePython.Start();
        start.RedirectStandardOutput = true;
        start.ArgumentList.Add(script);
        foreach (var a in arguments)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start /usr/bin/python3.");
        JsonObject? result = null;
        while (process.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith("RESULT ", StringComparison.Ordinal))
                result = JsonNode.Parse(line["RESULT ".Length..])!.AsObject();
            else
                Console.WriteLine("  torch: " + (line.Length > 300 ? line[..300] + " …" : line));
        }
        process.WaitForExit();
        if (process.ExitCode != 0 || result is null)
            throw new InvalidOperationException($"fashion_cnn_recipe.py failed with exit code {process.ExitCode}.");
        return result;
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed class Printer : IProgress<EpochReport>
    {
        public void Report(EpochReport value) => Console.WriteLine("  " + value);
    }
}
