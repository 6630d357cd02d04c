using System.Collections.Concurrent;
using PipelineExtensions.AutoML.Experiments;
using PipelineExtensions.AutoML.Pruners;
using PipelineExtensions.AutoML.SearchSpaces;
using PipelineExtensions.AutoML.Storage;
using PipelineExtensions.AutoML.Trials;
using PipelineExtensions.AutoML.Tuners;
using PipelineExtensions.AutoML.Tuners.Tpe;

namespace PipelineExtensions.AutoML.Tests.Experiments;

public class ExperimentTests
{
    private static readonly SearchSpace Quadratic = new SearchSpace().AddFloat("x", -10, 10).AddInt("n", 0, 10);

    private static double F(TrialParameters p) => Math.Pow(p.GetDouble("x") - 2, 2) + Math.Abs(p.GetInt32("n") - 4);

    [Fact]
    public void Runs_the_trial_budget_and_reports_the_best_trial()
    {
        var result = new Experiment(Quadratic, (p, _) => F(p), new ExperimentOptions { MaxTrials = 40, Tuner = new TpeTuner(1) }).Run();
        Assert.Equal(40, result.Trials.Count);
        Assert.All(result.Trials, t => Assert.Equal(TrialState.Complete, t.State));
        var best = result.BestTrial!;
        Assert.Equal(result.Trials.Min(t => t.Value), best.Value);
        Assert.True(best.Value < 1.5, $"best {best}");
        var curve = result.BestSoFar();
        Assert.True(curve.Zip(curve.Skip(1)).All(p => p.Second <= p.First));
        Assert.Contains("trial", result.FormatTable(5));
        var table = result.ToDataTable();
        Assert.Equal(40, table.RowCount);
        Assert.True(table.HasColumn("x") && table.HasColumn("n") && table.HasColumn("value"));
    }

    [Fact]
    public void Without_a_budget_the_run_is_refused()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new Experiment(Quadratic, (p, _) => F(p)).Run());
        Assert.Contains("budget", e.Message);
    }

    [Fact]
    public void Parallel_trials_overlap_up_to_the_degree_of_parallelism()
    {
        int current = 0, peak = 0;
        var result = new Experiment(Quadratic, (p, _) =>
        {
            int now = Interlocked.Increment(ref current);
            InterlockedMax(ref peak, now);
            Thread.Sleep(60);
            Interlocked.Decrement(ref current);
            return F(p);
        }, new ExperimentOptions { MaxTrials = 12, DegreeOfParallelism = 3, ThreadsPerTrial = 1, Tuner = new RandomTuner(2) }).Run();
        Assert.Equal(12, result.Trials.Count(t => t.State == TrialState.Complete));
        Assert.Equal(Enumerable.Range(0, 12), result.Trials.Select(t => t.Number));
        Assert.Equal(3, peak);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Parallel_work_inside_a_trial_stays_within_its_thread_budget(int threads)
    {
        int current = 0, peak = 0;
        new Experiment(Quadratic, (p, ctx) =>
        {
            Assert.Equal(threads, ctx.MaxThreads);
            Parallel.For(0, 16, ctx.ParallelOptions, _ =>
            {
                InterlockedMax(ref peak, Interlocked.Increment(ref current));
                Thread.Sleep(5);
                Interlocked.Decrement(ref current);
            });
            return F(p);
        }, new ExperimentOptions { MaxTrials = 3, ThreadsPerTrial = threads, Tuner = new RandomTuner(1) }).Run();
        Assert.InRange(peak, 1, threads);
    }

    [Fact]
    public void A_pruned_trial_stops_its_training_loop_through_the_cancellation_token()
    {
        var epochsRun = new ConcurrentDictionary<int, int>();
        var result = new Experiment(Quadratic, (p, ctx) =>
        {
            double target = F(p);
            for (int epoch = 0; epoch < 20; epoch++)
            {
                // The trainer's view: it only knows progress and cancellation.
                ctx.CancellationToken.ThrowIfCancellationRequested();
                epochsRun[ctx.TrialNumber] = epoch + 1;
                ctx.Report(epoch, target + 10.0 / (epoch + 1));
            }
            return target;
        }, new ExperimentOptions { MaxTrials = 30, Tuner = new RandomTuner(3), Pruner = new MedianPruner(startupTrials: 3) }).Run();
        var pruned = result.Trials.Where(t => t.State == TrialState.Pruned).ToList();
        Assert.NotEmpty(pruned);
        Assert.All(pruned, t => Assert.True(epochsRun[t.Number] < 20 && t.IntermediateValues.Count == epochsRun[t.Number]));
        Assert.All(result.Trials.Where(t => t.State == TrialState.Complete), t => Assert.Equal(20, t.IntermediateValues.Count));
        Assert.True(result.TotalSteps < 30 * 20);
    }

    [Fact]
    public void Failures_and_NaN_are_recorded_and_the_sweep_goes_on()
    {
        var result = new Experiment(Quadratic, (p, _) => p.GetInt32("n") switch
        {
            0 => throw new InvalidDataException("diverged at n = 0"),
            1 => double.NaN,
            _ => F(p),
        }, new ExperimentOptions { MaxTrials = 40, Tuner = new RandomTuner(4) }).Run();
        var failed = result.Trials.Where(t => t.State == TrialState.Failed).ToList();
        Assert.Contains(failed, t => t.Record.Error!.Contains("diverged at n = 0"));
        Assert.Contains(failed, t => t.Record.Error!.Contains("NaN"));
        Assert.Equal(40, result.Trials.Count);
    }

    [Fact]
    public void A_failure_stops_the_run_when_asked()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new Experiment(Quadratic, (_, _) => throw new InvalidDataException("boom"),
            new ExperimentOptions { MaxTrials = 5, ContinueOnTrialFailure = false }).Run());
        Assert.Contains("boom", e.Message);
    }

    [Fact]
    public void The_objective_may_return_metrics_and_the_options_pick_one()
    {
        var result = new Experiment(Quadratic, (p, _) => new TrialOutcome(new Dictionary<string, double> { ["loss"] = F(p), ["accuracy"] = 1 / (1 + F(p)) }),
            new ExperimentOptions { MaxTrials = 10, Metric = "accuracy", Direction = OptimizationDirection.Maximize, Tuner = new RandomTuner(5) }).Run();
        Assert.All(result.Trials, t => Assert.Equal(t.Metrics["accuracy"], t.Value));
        Assert.Equal(result.Trials.Max(t => t.Value), result.BestTrial!.Value);
    }

    [Fact]
    public void Progress_reports_every_start_and_finish_with_the_best_so_far()
    {
        var reports = new ConcurrentQueue<TrialProgress>();
        new Experiment(Quadratic, (p, _) => F(p), new ExperimentOptions { MaxTrials = 8, Tuner = new RandomTuner(6) })
            .Run(new SyncProgress<TrialProgress>(reports.Enqueue));
        var finished = reports.Where(r => r.Kind == TrialProgressKind.Finished).ToList();
        Assert.Equal(8, reports.Count(r => r.Kind == TrialProgressKind.Started));
        Assert.Equal(Enumerable.Range(1, 8), finished.Select(r => r.FinishedInRun));
        Assert.All(finished, r => Assert.Equal(8, r.MaxTrials));
        var best = finished.Select(r => r.BestValue!.Value).ToList();
        Assert.True(best.Zip(best.Skip(1)).All(p => p.Second <= p.First));
    }

    [Fact]
    public void Cancelling_gives_running_trials_back_and_a_new_run_resumes_the_study()
    {
        string directory = Directory.CreateTempSubdirectory("pipex-resume-").FullName;
        try
        {
            using var cts = new CancellationTokenSource();
            int done = 0;
            Objective slow = (p, ctx) =>
            {
                if (Interlocked.Increment(ref done) == 4)
                    cts.Cancel();
                for (int i = 0; i < 5; i++)
                {
                    ctx.Report(i, F(p) + i);
                    ctx.CancellationToken.WaitHandle.WaitOne(20);
                    ctx.CancellationToken.ThrowIfCancellationRequested();
                }
                return F(p);
            };
            ExperimentOptions Options(ITrialStore store) => new() { StudyName = "resume", Store = store, MaxTrials = 10, DegreeOfParallelism = 2, ThreadsPerTrial = 1, Tuner = new RandomTuner(7) };
            using (var store = new SqliteTrialStore(Path.Combine(directory, "study.db")))
            {
                Assert.ThrowsAny<OperationCanceledException>(() => new Experiment(Quadratic, slow, Options(store)).Run(cancellationToken: cts.Token));
                var partial = store.GetTrials(store.FindStudy("resume")!.Id);
                Assert.DoesNotContain(partial, t => t.State == TrialState.Running);
                Assert.Contains(partial, t => t.State == TrialState.Waiting);
            }
            using (var store = new SqliteTrialStore(Path.Combine(directory, "study.db")))
            {
                var result = new Experiment(Quadratic, (p, _) => F(p), Options(store)).Run();
                Assert.Equal(Enumerable.Range(0, 10), result.Trials.Select(t => t.Number));
                Assert.All(result.Trials, t => Assert.Equal(TrialState.Complete, t.State));
                // Random proposals depend only on the seed and the trial number, so the resumed study is the one an uninterrupted run makes.
                var uninterrupted = new Experiment(Quadratic, (p, _) => F(p), new ExperimentOptions { MaxTrials = 10, Tuner = new RandomTuner(7) }).Run();
                Assert.Equal(uninterrupted.Trials.Select(t => t.Value), result.Trials.Select(t => t.Value));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void An_orphaned_trial_of_a_dead_worker_is_requeued_and_finished_once()
    {
        var store = new InMemoryTrialStore();
        var options = new ExperimentOptions
        {
            StudyName = "orphans", Store = store, MaxTrials = 6, Tuner = new RandomTuner(8),
            HeartbeatInterval = TimeSpan.FromMilliseconds(50), StaleAfter = TimeSpan.FromMilliseconds(300),
        };
        var experiment = new Experiment(Quadratic, (p, _) => F(p), options);
        // A worker claimed trial 0, sampled it, and died.
        var ghost = store.ClaimTrial(experiment.Study.Id, "ghost", new ClaimLimits(6))!;
        store.SetParameters(ghost, new Dictionary<string, double> { ["x"] = 2, ["n"] = 4 });
        var result = experiment.Run();
        Assert.Equal(Enumerable.Range(0, 6), result.Trials.Select(t => t.Number));
        Assert.All(result.Trials, t => Assert.Equal(TrialState.Complete, t.State));
        var adopted = result.Trials[0];
        Assert.Equal((2, 0.0), (adopted.Record.Attempt, adopted.Value!.Value));
    }

    [Fact]
    public void Synchronous_halving_with_one_slot_fills_each_bracket_without_deadlock()
    {
        var result = new Experiment(Quadratic, (p, ctx) =>
        {
            double target = F(p);
            for (int epoch = 0; epoch < 9; epoch++)
            {
                if (ctx.Report(epoch, target * (1 + 1.0 / (epoch + 1))))
                    ctx.ThrowIfPruned();
            }
            return target;
        }, new ExperimentOptions
        {
            MaxTrials = 9, Tuner = new RandomTuner(9), DegreeOfParallelism = 1, ThreadsPerTrial = 1,
            Pruner = new SuccessiveHalvingPruner(minResource: 1, reductionFactor: 3, bracketSize: 9), PollInterval = TimeSpan.FromMilliseconds(10),
        }).Run();
        // Rung 0 (step 1): 9 → 3 go on; rung 1 (step 3): 3 → 1 completes.
        Assert.Equal(1, result.Trials.Count(t => t.State == TrialState.Complete));
        Assert.Equal(8, result.Trials.Count(t => t.State == TrialState.Pruned));
        var survivor = result.Trials.Single(t => t.State == TrialState.Complete);
        Assert.Equal(result.Trials.Min(t => t.IntermediateValues[1]), survivor.IntermediateValues[1]);
    }

    [Fact]
    public void A_grid_sweep_ends_when_every_combination_ran_and_enqueued_trials_go_first()
    {
        var space = new SearchSpace().AddCategorical("a", "p", "q", "r").AddInt("b", 1, 3);
        var seen = new ConcurrentBag<string>();
        var experiment = new Experiment(space, (p, _) =>
        {
            seen.Add(p.ToString());
            return p.GetInt32("b");
        }, new ExperimentOptions { Tuner = new GridTuner(seed: 1) });
        var result = experiment.Run();
        Assert.Equal(9, result.Trials.Count);
        Assert.Equal(9, seen.Distinct().Count());

        var queued = new Experiment(space, (p, _) => p.GetInt32("b"), new ExperimentOptions { MaxTrials = 2, Tuner = new RandomTuner(1) });
        queued.Enqueue(new Dictionary<string, object> { ["a"] = "q", ["b"] = 2 });
        Assert.Equal("a=q, b=2", queued.Run().Trials[0].Parameters!.ToString());
    }

    [Fact]
    public void Enqueued_configurations_count_against_the_trial_and_step_budgets()
    {
        Experiment Queued(ExperimentOptions options)
        {
            var experiment = new Experiment(Quadratic, (p, ctx) =>
            {
                for (int step = 0; step < 4; step++)
                    ctx.Report(step, F(p));
                return F(p);
            }, options);
            for (int n = 0; n < 5; n++)
                experiment.Enqueue(new Dictionary<string, object> { ["x"] = 1.0, ["n"] = n });
            return experiment;
        }

        var byTrials = Queued(new ExperimentOptions { MaxTrials = 3, Tuner = new RandomTuner(1) }).Run();
        Assert.Equal([0, 1, 2], byTrials.Trials.Where(t => t.State == TrialState.Complete).Select(t => t.Parameters!.GetInt32("n")));
        // The queued configurations the budget left out stay in the study, waiting (a later run with a larger budget takes them).
        Assert.Equal([TrialState.Waiting, TrialState.Waiting], byTrials.Trials.Skip(3).Select(t => t.State));
        // 4 steps per trial: after the first trial 4 < 6 steps, so a second starts; after it 8 ≥ 6, so no third.
        var bySteps = Queued(new ExperimentOptions { MaxTotalSteps = 6, Tuner = new RandomTuner(1) }).Run();
        Assert.Equal(2, bySteps.Trials.Count(t => t.State == TrialState.Complete));
        Assert.Equal(8, bySteps.TotalSteps);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private sealed class SyncProgress<T>(Action<T> action) : IProgress<T>
    {
        public void Report(T value) => action(value);
    }
}
