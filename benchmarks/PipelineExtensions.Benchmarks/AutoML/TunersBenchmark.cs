using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using PipelineExtensions.AutoML.Experiments;
using PipelineExtensions.AutoML.Tests.TestData;
using PipelineExtensions.AutoML.Tuners;
using PipelineExtensions.AutoML.Tuners.Cfo;
using PipelineExtensions.AutoML.Tuners.Tpe;
using PipelineExtensions.Benchmarks.Augmentation;
using PipelineExtensions.Benchmarks.Infrastructure;

namespace PipelineExtensions.Benchmarks.AutoML;

/// <summary>
/// Our Random, TPE and CFO tuners against Optuna 3.1's TPESampler and RandomSampler (benchmarks/reference/optuna_tune.py,
/// run in the same benchmark run) on the synthetic objective of ../shared/parity/tune_objective.md: per tuner, over
/// seeds 0..9 × 200 trials, the median number of trials to reach f ≤ 1.01, how many seeds reach it, and the median
/// best value after 30 and 100 trials. Arguments: [--seeds 0-9] [--trials 200].
/// </summary>
public sealed class TunersBenchmark : ISideBySideBenchmark
{
    /// <inheritdoc />
    public string Name => "tuners";

    /// <inheritdoc />
    public string Description => "Random/TPE/CFO vs Optuna 3.1 TPE/Random: trials to f <= 1.01 on the tune_objective (10 seeds x 200 trials)";

    /// <inheritdoc />
    public int Run(string[] args)
    {
        string seedRange = Arg(args, "--seeds", "0-9");
        int trials = int.Parse(Arg(args, "--trials", "200"), CultureInfo.InvariantCulture);
        var bounds = seedRange.Split('-').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var seeds = Enumerable.Range(bounds[0], bounds[1] - bounds[0] + 1).ToArray();
        Console.WriteLine($"tuners: tune_objective (f* = 1, target f <= {TuneObjective.Target}), seeds {seedRange}, {trials} trials each; " +
                          $"{Environment.ProcessorCount} cores; load: {ReferenceScripts.Load()}");

        var runs = new List<(string Tuner, double[] Values, double Seconds)>();
        foreach (var (name, make) in new (string, Func<int, ITuner>)[]
                 {
                     ("ours tpe", s => new TpeTuner(s)),
                     ("ours random", s => new RandomTuner(s)),
                     ("ours cfo", s => new CfoTuner(s)),
                 })
        {
            foreach (int seed in seeds)
                runs.Add(RunOurs(name, make(seed), trials));
        }
        foreach (var line in ReferenceScripts.Run("optuna_tune.py", "--seeds", seedRange, "--trials", trials.ToString(CultureInfo.InvariantCulture)))
        {
            var json = JsonNode.Parse(line)!;
            runs.Add(("optuna " + json["sampler"]!.GetValue<string>(),
                json["values"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray(), json["seconds"]!.GetValue<double>()));
        }

        Console.WriteLine($"{"tuner",-14} {"median trials to target",24} {"seeds reaching",15} {"best@30 (median)",17} {"best@100 (median)",18} {"ms/trial",9}");
        var summary = new Dictionary<string, double>();
        foreach (var group in runs.GroupBy(r => r.Tuner))
        {
            var hits = group.Select(r => TrialsToTarget(r.Values)).ToArray();
            double median = Median(hits.Select(h => h ?? double.PositiveInfinity));
            summary[group.Key] = median;
            Console.WriteLine($"{group.Key,-14} {(double.IsInfinity(median) ? $">{trials}" : median.ToString("0.#", CultureInfo.InvariantCulture)),24} " +
                              $"{$"{hits.Count(h => h is not null)}/{hits.Length}",15} {Median(group.Select(r => BestAfter(r.Values, 30))),17:F5} " +
                              $"{Median(group.Select(r => BestAfter(r.Values, 100))),18:F5} {group.Average(r => r.Seconds) * 1000 / trials,9:F2}");
            Console.WriteLine($"{"",-14} per seed: {string.Join(" ", hits.Select(h => h?.ToString(CultureInfo.InvariantCulture) ?? "-"))}");
        }
        foreach (var kind in new[] { "tpe", "random" })
        {
            double ours = summary[$"ours {kind}"], optuna = summary[$"optuna {kind}"];
            string ratio = double.IsInfinity(ours) || double.IsInfinity(optuna)
                ? $"ours {(double.IsInfinity(ours) ? $">{trials}" : ours.ToString("0.#", CultureInfo.InvariantCulture))} vs optuna {(double.IsInfinity(optuna) ? $">{trials}" : optuna.ToString("0.#", CultureInfo.InvariantCulture))}"
                : (ours / optuna).ToString("F2", CultureInfo.InvariantCulture);
            Console.WriteLine($"ratio ours/optuna {kind} (median trials to target): {ratio} (target <= 1)");
        }
        return 0;
    }

    private static (string, double[], double) RunOurs(string name, ITuner tuner, int trials)
    {
        var sw = Stopwatch.StartNew();
        var result = new Experiment(TuneObjective.Space(), (p, _) => TuneObjective.Evaluate(p),
            new ExperimentOptions { MaxTrials = trials, Tuner = tuner, ThreadsPerTrial = 1 }).Run();
        return (name, result.Trials.Select(t => t.Value ?? double.NaN).ToArray(), sw.Elapsed.TotalSeconds);
    }

    private static int? TrialsToTarget(double[] values)
    {
        for (int i = 0; i < values.Length; i++)
            if (values[i] <= TuneObjective.Target)
                return i + 1;
        return null;
    }

    private static double BestAfter(double[] values, int n) => values.Take(n).Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Min();

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        int m = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[m] : (double.IsInfinity(sorted[m]) ? sorted[m] : 0.5 * (sorted[m - 1] + sorted[m]));
    }

    private static string Arg(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
