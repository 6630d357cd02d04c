using System.Diagnostics;
using System.Globalization;
using PipelineExtensions.AutoML.Experiments;
using PipelineExtensions.AutoML.Pruners;
using PipelineExtensions.AutoML.SearchSpaces;
using PipelineExtensions.AutoML.Tests.TestData;
using PipelineExtensions.AutoML.Trials;
using PipelineExtensions.AutoML.Tuners;
using PipelineExtensions.Benchmarks.Augmentation;
using PipelineExtensions.Benchmarks.Infrastructure;
using PipelineExtensions.Data;
using PipelineExtensions.Data.Samples;
using PipelineExtensions.Neural.Trainers;
using PipelineExtensions.Training;

namespace PipelineExtensions.Benchmarks.AutoML;

/// <summary>
/// The pruning proof: one sweep of MLPs on the embedded Fashion-MNIST sample (2,000 training images, the 1,000 test
/// images as validation), run without pruning and with ASHA, synchronous successive halving, the plateau pruner and the median pruner. The tuner is
/// Random with a fixed seed and every trial trains with the same seed, so all runs see the same configurations and
/// the same learning curves: pruning can only remove epochs. Prints, per run, the best validation accuracy, the
/// total epochs spent and their share of the unpruned run. Arguments: [--trials 24] [--epochs 12] [--seed 1]
/// [--pruners none,asha,sh,plateau,median] [--record curves.json] (writes the unpruned run's learning curves)
/// [--seeds 1,2,3] (several sweeps in one run) [--heldout DIR] (scores each pruner's winner on the original
/// Fashion-MNIST test images the sweep never saw and compares it image by image with the unpruned winner)
/// [--replay a.json,b.json] [--curves] (no training: feeds recorded curves to every pruner through the real experiment, in
/// milliseconds; the live run and the replay agree because the sweep is deterministic per seed)
/// [--objective last|smoothed3] (the value optimised and reported to the pruners after each epoch: the epoch's
/// validation accuracy, or its mean over the last min(3, epochs) epochs — the pre-registered redesign in
/// benchmarks/README.md; live and replay alike). With several --seeds, --record takes a path with "{seed}".
/// [--replay … --grid [--show 5] [--report "label@window;…"]] (replays every setting of a grid of pruner settings and objective windows and
/// prints the settings that meet the proof's criterion on the most sweeps: <see cref="PrunerSettingsGrid"/>).
/// </summary>
public sealed class PruningBenchmark : ISideBySideBenchmark
{
    /// <inheritdoc />
    public string Name => "automl-pruning";

    /// <inheritdoc />
    public string Description => "MLP sweep on embedded Fashion-MNIST: best val accuracy and total epochs without pruning vs ASHA/plateau/median";

    /// <inheritdoc />
    public int Run(string[] args)
    {
        int trials = int.Parse(Arg(args, "--trials", "24"), CultureInfo.InvariantCulture);
        int epochs = int.Parse(Arg(args, "--epochs", "12"), CultureInfo.InvariantCulture);
        int seed = int.Parse(Arg(args, "--seed", "1"), CultureInfo.InvariantCulture);
        var selected = Arg(args, "--pruners", string.Join(",", Pruners().Select(p => p.Name))).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string objective = Arg(args, "--objective", "last");
        int? parsedWindow = objective switch { "last" => 1, "smoothed3" => 3, _ => null };
        if (parsedWindow is not { } window)
        {
            Console.Error.WriteLine($"--objective must be 'last' (the last epoch's validation accuracy) or 'smoothed3' (its mean over the last 3 epochs); got '{objective}'.");
            return 2;
        }
        if (Arg(args, "--replay", "") is { Length: > 0 } replayPath)
        {
            if (!args.Contains("--grid"))
                return Replay(replayPath, selected, args.Contains("--curves"), objective, window);
            var paths = replayPath.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (paths.FirstOrDefault(p => !File.Exists(p)) is { } missing)
            {
                Console.Error.WriteLine($"--replay: no recorded curves at '{missing}' (write them with --record).");
                return 2;
            }
            var report = Arg(args, "--report", "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return PrunerSettingsGrid.Run(paths.Select(RecordedSweep.Load).ToList(), int.Parse(Arg(args, "--show", "5"), CultureInfo.InvariantCulture), report);
        }
        string? recordPath = Arg(args, "--record", "") is { Length: > 0 } r ? r : null;
        if (recordPath is not null && !selected.Contains("none"))
        {
            Console.Error.WriteLine($"--record writes the unpruned run's curves: include 'none' in --pruners (got '{string.Join(",", selected)}').");
            return 2;
        }
        if (recordPath is not null && window != 1)
        {
            // The reported values of a smoothed run are trailing means; the recorded curves must be the raw epochs.
            Console.Error.WriteLine("--record writes the raw per-epoch validation accuracy: record with --objective last (smoothed objectives replay from those curves).");
            return 2;
        }
        var train = Flatten(SampleData.FashionMnistTrain());
        var validation = Flatten(SampleData.FashionMnistTest());
        var seeds = Arg(args, "--seeds", seed.ToString(CultureInfo.InvariantCulture)).Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        if (recordPath is not null && seeds.Length > 1 && !recordPath.Contains("{seed}", StringComparison.Ordinal))
        {
            Console.Error.WriteLine("--record writes one file per sweep: with several --seeds give a path with \"{seed}\" (e.g. curves{seed}.json).");
            return 2;
        }
        var heldOut = Arg(args, "--heldout", "") is { Length: > 0 } dir ? new HeldOutCheck(dir, Flatten) : null;
        var rows = new List<HeldOutRow>();
        foreach (int s in seeds)
        {
            heldOut?.Reset();
            rows.AddRange(RunSweeps(train, validation, trials, epochs, s, selected, recordPath?.Replace("{seed}", s.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal), heldOut, objective, window));
        }
        if (heldOut is not null)
            PrintHeldOut(rows, heldOut);
        return 0;
    }

    /// <summary>A pruner's winner in one sweep, with its held-out accuracy and the image-by-image comparison with the unpruned winner.</summary>
    private sealed record HeldOutRow(int Seed, string Pruner, int Trial, double Validation, double Share, double HeldOut, double UnprunedHeldOut, int OnlyPruned, int OnlyUnpruned, double PValue, double BestHeldOut);

    private static List<HeldOutRow> RunSweeps(DataTable train, DataTable validation, int trials, int epochs, int seed, string[] selected, string? recordPath, HeldOutCheck? heldOut,
        string objective, int window)
    {
        Console.WriteLine($"automl-pruning: MLP on embedded Fashion-MNIST ({train.RowCount} train, {validation.RowCount} validation), " +
                          $"{trials} random configurations (seed {seed}) × up to {epochs} epochs; objective {objective}; {Environment.ProcessorCount} cores; load: {ReferenceScripts.Load()}" +
                          (heldOut is null ? "" : $"; winners also scored on {heldOut.RowCount} held-out test images"));
        var space = new SearchSpace()
            .AddFloat("mlp.LearningRate", 1e-4, 0.3, log: true)
            .AddCategorical("hidden", 32, 64, 128)
            .AddFloat("mlp.Dropout", 0.0, 0.5)
            .AddCategorical("mlp.BatchSize", 32, 64, 128);
        Console.WriteLine($"{"pruner",-10} {"best objective",18} {"best trial",11} {"complete",9} {"pruned",7} {"total epochs",13} {"share",7} {"seconds",8}");
        long? baseline = null;
        var winners = new List<(string Name, int Trial, double Value, double Share)>();
        foreach (var (name, pruner) in Pruners().Where(p => selected.Contains(p.Name)))
        {
            var ctx = new PipelineContext(seed: 7);
            // A trial's factory call, fit and evaluation run on one thread (PipelineSweep's objective), even when
            // trials of a synchronous pruner wait for each other: the evaluator learns its trial number from here.
            using var scoredTrial = new ThreadLocal<int>(() => -1);
            var sw = Stopwatch.StartNew();
            var sweep = ctx.AutoML.CreatePipelineSweep(space,
                (p, trial) =>
                {
                    var options = OptionsBinder.Bind(p, new MlpTrainerOptions
                    {
                        FeatureColumnName = "Features", HiddenLayers = [p.GetInt32("hidden")], Epochs = epochs, Seed = 7, ValidationFraction = 0,
                    }, "mlp.");
                    if (trial is not null)
                    {
                        scoredTrial.Value = trial.TrialNumber;
                        options.Callbacks.Add(new TrialPruningCallback(trial, MetricNames.ValidationAccuracy, window));
                        options.Threads = trial.MaxThreads;
                        options.CancellationToken = trial.CancellationToken;
                    }
                    return ctx.Trainers.MultilayerPerceptron(options);
                },
                (model, _) =>
                {
                    heldOut?.Record(scoredTrial.Value, model);
                    return HistoryObjective.TrailingMean(((NeuralClassifierModel)model).History!, MetricNames.ValidationAccuracy, window);
                },
                train, validation,
                new ExperimentOptions
                {
                    StudyName = name, MaxTrials = trials, Direction = OptimizationDirection.Maximize,
                    Tuner = new RandomTuner(seed), Pruner = pruner, DegreeOfParallelism = 1,
                });
            var result = sweep.Run();
            foreach (var failed in result.Trials.Where(t => t.State == TrialState.Failed).Take(1))
                Console.WriteLine($"  trial {failed.Number} failed: {failed.Record.Error}");
            baseline ??= result.TotalSteps;
            if (name == "none" && recordPath is not null)
            {
                new RecordedSweep
                {
                    Description = $"automl-pruning: MLP on embedded Fashion-MNIST ({train.RowCount} train, {validation.RowCount} validation), {trials} random configurations (seed {seed}), {epochs} epochs, unpruned",
                    Seed = seed, Epochs = epochs, Metric = MetricNames.ValidationAccuracy, Direction = OptimizationDirection.Maximize,
                    ValidationRows = validation.RowCount,
                    Trials = result.Trials.Select(t => new RecordedTrial(t.Number, t.Parameters?.ToString() ?? "", t.IntermediateValues.Values.ToArray())).ToList(),
                }.Save(recordPath);
                Console.WriteLine($"  curves written to {recordPath}");
            }
            var counts = result.CountByState;
            Console.WriteLine($"{name,-10} {result.BestTrial?.Value ?? double.NaN,18:F4} {result.BestTrial?.Number,11} {counts.GetValueOrDefault(TrialState.Complete),9} " +
                              $"{counts.GetValueOrDefault(TrialState.Pruned),7} {result.TotalSteps,13} {(double)result.TotalSteps / baseline.Value,7:P0} {sw.Elapsed.TotalSeconds,8:F0}");
            if (result.BestTrial is { } best)
                winners.Add((name, best.Number, best.Value ?? double.NaN, (double)result.TotalSteps / baseline.Value));
        }
        if (heldOut is null)
            return [];
        var unpruned = winners.FirstOrDefault(w => w.Name == "none");
        if (unpruned.Name is null)
            throw new ArgumentException("--heldout compares each pruner's winner with the unpruned one: include 'none' in --pruners (first).");
        // The unpruned run completes every trial, so every trial has held-out predictions: the best any trial reaches.
        double bestHeldOut = Enumerable.Range(0, trials).Max(heldOut.Accuracy);
        return winners.Select(w =>
        {
            var (onlyPruned, onlyUnpruned, p) = heldOut.McNemar(w.Trial, unpruned.Trial);
            return new HeldOutRow(seed, w.Name, w.Trial, w.Value, w.Share, heldOut.Accuracy(w.Trial), heldOut.Accuracy(unpruned.Trial), onlyPruned, onlyUnpruned, p, bestHeldOut);
        }).ToList();
    }

    private static void PrintHeldOut(List<HeldOutRow> rows, HeldOutCheck heldOut)
    {
        Console.WriteLine();
        Console.WriteLine($"winners on {heldOut.RowCount} held-out test images (never used by the sweep); Δ = pruned winner − unpruned winner; " +
                          $"only P/U = images only the pruned/unpruned winner gets right; p = exact McNemar; SE of one accuracy ≈ {heldOut.StandardError(0.8):F4}");
        Console.WriteLine($"{"seed",4} {"pruner",-8} {"trial",5} {"objective",9} {"share",6} {"held-out",9} {"unpruned",9} {"Δ",7} {"only P",7} {"only U",7} {"p",6} {"best of 24",11}");
        foreach (var r in rows)
            Console.WriteLine($"{r.Seed,4} {r.Pruner,-8} {r.Trial,5} {r.Validation,9:F4} {r.Share,6:P0} {r.HeldOut,9:F4} {r.UnprunedHeldOut,9:F4} {r.HeldOut - r.UnprunedHeldOut,7:+0.0000;-0.0000;0} " +
                              $"{r.OnlyPruned,7} {r.OnlyUnpruned,7} {r.PValue,6:F3} {r.BestHeldOut,11:F4}");
        Console.WriteLine($"summary: {"pruner",-8} {"sweeps",6} {"mean Δ held-out",16} {"worst Δ",8} {"p < 0.05 worse",15} {"mean share",11}");
        foreach (var g in rows.GroupBy(r => r.Pruner))
        {
            var d = g.Select(r => r.HeldOut - r.UnprunedHeldOut).ToArray();
            int worse = g.Count(r => r.PValue < 0.05 && r.HeldOut < r.UnprunedHeldOut);
            Console.WriteLine($"         {g.Key,-8} {g.Count(),6} {d.Average(),16:+0.0000;-0.0000;0} {d.Min(),8:+0.0000;-0.0000;0} {$"{worse}/{g.Count()}",15} {g.Average(r => r.Share),11:P0}");
        }
    }

    // The pruners compared, with the settings recorded in benchmarks/README.md.
    private static (string Name, IPruner Pruner)[] Pruners() =>
    [
        ("none", new NoPruner()),
        ("asha", new AshaPruner(minResource: 1, reductionFactor: 3)),
        // Synchronous successive halving, one bracket of all trials: every rung decided on complete information.
        ("sh", new SuccessiveHalvingPruner(minResource: 1, reductionFactor: 3)),
        ("plateau", new PlateauPruner(patience: 2, topTrials: 3, startupTrials: 3)),
        ("median", new MedianPruner(startupTrials: 5, warmupSteps: 2)),
    ];

    private static int Replay(string paths, string[] selected, bool printCurves, string objective, int window)
    {
        var table = new List<string>();
        var summary = new Dictionary<string, List<(bool Same, bool WithinThird, bool WithinError, double Share)>>();
        foreach (string path in paths.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"--replay: no recorded curves at '{path}' (write them with --record).");
                return 2;
            }
            var sweep = RecordedSweep.Load(path);
            var (bestNumber, bestValue) = sweep.Best(window);
            Console.WriteLine($"replay of {sweep.Description} ({path}); objective {objective}");
            string row = $"{sweep.Seed,-5} {bestValue,-9:F4}";
            double? error = sweep.StandardError(bestValue);
            Console.WriteLine($"unpruned best {bestValue:F4} (trial {bestNumber}), {sweep.TotalEpochs} epochs" +
                              (error is { } se ? $"; binomial standard error of that accuracy on {sweep.ValidationRows} validation rows: {se:F4}" : ""));
            if (printCurves)
                Console.WriteLine(CurveReplay.Format(sweep));
            Console.WriteLine($"{"pruner",-10} {"best objective",18} {"best trial",11} {"complete",9} {"pruned",7} {"total epochs",13} {"share",7}  same best");
            foreach (var (name, pruner) in Pruners().Where(p => selected.Contains(p.Name)))
            {
                var replay = CurveReplay.Replay(sweep, pruner, window);
                var result = replay.Result;
                var counts = result.CountByState;
                bool same = replay.ReachesBest(sweep, window);
                double share = replay.Share(sweep);
                Console.WriteLine($"{name,-10} {result.BestTrial?.Value ?? double.NaN,18:F4} {result.BestTrial?.Number,11} {counts.GetValueOrDefault(TrialState.Complete),9} " +
                                  $"{counts.GetValueOrDefault(TrialState.Pruned),7} {replay.TotalEpochs,13} {share,7:P0}  {(same ? "yes" : "no")}");
                if (printCurves)
                {
                    var stops = sweep.Trials.Where(t => result.Trials[t.Number].State == TrialState.Pruned).Select(t => $"{t.Number}@{replay.StoppedAfter[t.Number]}");
                    Console.WriteLine($"{"",10} pruned (trial@epochs run): {string.Join(" ", stops)}");
                }
                // Supplementary, not the target: within one standard error of the unpruned best.
                bool within = result.BestTrial?.Value is { } b && error is { } e && sweep.Direction.ToLoss(b) <= sweep.Direction.ToLoss(bestValue) + e;
                (summary.TryGetValue(name, out var list) ? list : summary[name] = []).Add((same, replay.WithinThird(sweep), within, share));
                if (name != "none")
                    row += $" {result.BestTrial?.Value ?? double.NaN:F4} {share,4:P0} {replay.Mark(sweep, window)}";
            }
            table.Add(row);
        }
        if (table.Count > 1)
        {
            Console.WriteLine($"objective {objective}: best of the pruned sweep, epoch share, ✓ = same best and share ≤ 1/3, · = same best only, ✗ = not the unpruned best");
            Console.WriteLine($"{"seed",-5} {"unpruned",-9} " + string.Join(" ", Pruners().Where(p => p.Name != "none" && selected.Contains(p.Name)).Select(p => $"{p.Name,-13}")));
            foreach (string line in table)
                Console.WriteLine(line);
        }
        if (summary.Values.FirstOrDefault() is { Count: > 1 })
        {
            Console.WriteLine($"summary over {summary.Values.First().Count} sweeps: {"pruner",-10} {"same best",10} {"share ≤ 1/3",12} {"both",6} {"median share",13} {"best within 1 SE",17}");
            foreach (var (name, runs) in summary)
            {
                var shares = runs.Select(r => r.Share).Order().ToArray();
                double median = shares.Length % 2 == 1 ? shares[shares.Length / 2] : (shares[shares.Length / 2 - 1] + shares[shares.Length / 2]) / 2;
                Console.WriteLine($"{"",28}{name,-10} {$"{runs.Count(r => r.Same)}/{runs.Count}",10} {$"{runs.Count(r => r.WithinThird)}/{runs.Count}",12} " +
                                  $"{$"{runs.Count(r => r.Same && r.WithinThird)}/{runs.Count}",6} {median,13:P0} {$"{runs.Count(r => r.WithinError)}/{runs.Count}",17}");
            }
        }
        return 0;
    }

    // The MLP takes a flat float vector: the 1×28×28 image as 784 features, the label kept.
    private static DataTable Flatten(DataTable images)
    {
        var image = images.GetColumn<VectorColumn>("Image");
        return new DataTable(new VectorColumn("Features", ColumnType.Vector(image.Size), image.Data.ToArray()), images.GetColumn("Label"));
    }

    private static string Arg(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
