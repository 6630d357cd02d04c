using System.Collections.Concurrent;
using System.Globalization;
using PipelineExtensions.AutoML.Pruners;
using PipelineExtensions.AutoML.Trials;
using PipelineExtensions.AutoML.Tests.TestData;
using PipelineExtensions.Benchmarks.Augmentation;

namespace PipelineExtensions.Benchmarks.AutoML;

/// <summary>
/// Asks whether the pruning proof fails because of the pruners' settings: replays recorded unpruned sweeps through
/// every setting of a grid (ASHA, synchronous successive halving, the plateau pruner) and objective window (the
/// last epoch, or the trailing mean of 2 or 3 epochs), and prints, per pruner family, the settings that meet the
/// proof's criterion (same best objective as the unpruned sweep, ≤ 1/3 of its epochs) on the most sweeps.
/// Selecting settings this way overfits the sweeps it looks at; a setting chosen here is evidence only on sweeps it
/// was not chosen on.
/// </summary>
internal static class PrunerSettingsGrid
{
    /// <summary>One grid point: its label and a factory (pruners keep state per study, so each replay gets a new one).</summary>
    private sealed record Setting(string Family, string Label, Func<IPruner> Create);

    /// <summary>A grid point's result over all sweeps: ✓ met, · same best only, ✗ not the best; per sweep in order.</summary>
    private sealed record Score(Setting Setting, int Window, int Met, int SameBest, int Cheap, double MedianShare, string Marks);

    /// <summary>Replays the grid on <paramref name="sweeps"/> and prints the best <paramref name="show"/> settings per family.</summary>
    /// <param name="sweeps">Recorded unpruned sweeps.</param>
    /// <param name="show">Rows per family.</param>
    /// <param name="report">Settings to print whatever their rank, as "label@window" (e.g. the settings chosen on other sweeps).</param>
    public static int Run(IReadOnlyList<RecordedSweep> sweeps, int show, IReadOnlyList<string> report)
    {
        var settings = Settings().ToList();
        int[] windows = [1, 2, 3];
        var unknown = report.Where(r => !settings.Any(s => windows.Any(w => Key(s, w) == r))).ToList();
        if (unknown.Count > 0)
        {
            Console.Error.WriteLine($"--report: not a grid setting: {string.Join("; ", unknown)} (write them as printed, 'label@window').");
            return 2;
        }
        Console.WriteLine($"pruner settings grid: {settings.Count} settings × {windows.Length} objective windows × {sweeps.Count} recorded sweeps " +
                          $"(seeds {string.Join(",", sweeps.Select(s => s.Seed))}); load: {ReferenceScripts.Load()}");
        var scores = new ConcurrentBag<Score>();
        var jobs = settings.SelectMany(s => windows.Select(w => (Setting: s, Window: w))).ToList();
        int done = 0;
        Parallel.ForEach(jobs, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, job =>
        {
            scores.Add(Evaluate(job.Setting, job.Window, sweeps));
            int n = Interlocked.Increment(ref done);
            if (n % 200 == 0 || n == jobs.Count)
                Console.Error.Write($"\r  {n}/{jobs.Count} settings replayed");
        });
        Console.Error.WriteLine();
        Console.WriteLine("✓ = same best and ≤ 1/3 of the epochs, · = same best only, ✗ = not the unpruned best; one mark per sweep, in the order above; setting@objective window");
        Console.WriteLine($"{"family",-9} {"met",4} {"same",5} {"≤1/3",5} {"median share",13}  {"per sweep",-20} setting");
        foreach (var s in report.Select(r => scores.Single(s => Key(s.Setting, s.Window) == r)))
            Print("reported", s);
        foreach (var family in settings.Select(s => s.Family).Distinct())
        {
            var best = scores.Where(s => s.Setting.Family == family)
                .OrderByDescending(s => s.Met).ThenByDescending(s => s.SameBest).ThenBy(s => s.MedianShare).ThenBy(s => s.Setting.Label, StringComparer.Ordinal).ThenBy(s => s.Window)
                .Take(show);
            foreach (var s in best)
                Print(family, s);
        }
        return 0;
    }

    private static string Key(Setting setting, int window) => Invariant($"{setting.Label}@{window}");

    private static void Print(string group, Score s) =>
        Console.WriteLine($"{group,-9} {s.Met,4} {s.SameBest,5} {s.Cheap,5} {s.MedianShare,13:P0}  {s.Marks,-20} {Key(s.Setting, s.Window)}");

    private static Score Evaluate(Setting setting, int window, IReadOnlyList<RecordedSweep> sweeps)
    {
        int met = 0, same = 0, cheap = 0;
        var shares = new List<double>();
        var marks = new System.Text.StringBuilder();
        foreach (var sweep in sweeps)
        {
            var replay = CurveReplay.Replay(sweep, setting.Create(), window);
            char mark = replay.Mark(sweep, window);
            same += mark != '✗' ? 1 : 0;
            cheap += replay.WithinThird(sweep) ? 1 : 0;
            met += mark == '✓' ? 1 : 0;
            shares.Add(replay.Share(sweep));
            marks.Append(mark);
        }
        shares.Sort();
        double median = shares.Count % 2 == 1 ? shares[shares.Count / 2] : (shares[shares.Count / 2 - 1] + shares[shares.Count / 2]) / 2;
        return new Score(setting, window, met, same, cheap, median, marks.ToString());
    }

    // The grid: first rung after 1–4 epochs, η 2–6; ASHA with and without Optuna's bootstrap count and a shifted
    // first rung; the plateau pruner from the most eager (patience 1, one start-up trial) to the settings of the proof.
    private static IEnumerable<Setting> Settings()
    {
        foreach (int r in new[] { 1, 2, 3, 4 })
        foreach (int eta in new[] { 2, 3, 4, 5, 6 })
        {
            foreach (int s in new[] { 0, 1 })
            foreach (int b in new[] { 0, 2, 4 })
                yield return new Setting("asha", Invariant($"AshaPruner(minResource {r}, η {eta}, minEarlyStoppingRate {s}, bootstrapCount {b})"), () => new AshaPruner(r, eta, s, b));
            yield return new Setting("sh", Invariant($"SuccessiveHalvingPruner(minResource {r}, η {eta})"), () => new SuccessiveHalvingPruner(r, eta));
        }
        foreach (int patience in new[] { 1, 2 })
        foreach (double delta in new[] { 0, 0.005, 0.01, 0.015, 0.02 })
        foreach (int top in new[] { 1, 3, 5 })
        foreach (int startup in new[] { 1, 2, 3 })
        foreach (int warmup in new[] { 0, 2, 4 })
            yield return new Setting("plateau", Invariant($"PlateauPruner(patience {patience}, minDelta {delta}, top {top}, startup {startup}, warmup {warmup})"),
                () => new PlateauPruner(patience, delta, top, startup, warmup));
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
