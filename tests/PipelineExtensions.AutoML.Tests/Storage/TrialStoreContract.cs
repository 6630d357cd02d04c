using PipelineExtensions.AutoML.Storage;
using PipelineExtensions.AutoML.Trials;

namespace PipelineExtensions.AutoML.Tests.Storage;

/// <summary>
/// The guarantees every trial store gives, run against the in-memory store, a real SQLite file and a real
/// PostgreSQL server: atomic claims, budgets, fencing by claim token, stale-trial recovery, persistence.
/// </summary>
public abstract class TrialStoreContract : IDisposable
{
    private readonly List<ITrialStore> _opened = [];

    /// <summary>A store on the shared backing storage (a second call gives a second connection to the same data).</summary>
    protected abstract ITrialStore OpenStore();

    /// <summary>Whether separate <see cref="OpenStore"/> calls see the same data.</summary>
    protected virtual bool Shared => true;

    protected ITrialStore Store() 
    {
        var s = OpenStore();
        _opened.Add(s);
        return s;
    }

    protected static string NewStudyName() => "study-" + Guid.NewGuid().ToString("N");

    private const string Space = """{"x":{"type":"float","low":0,"high":1}}""";

    [StoreFact]
    public void Studies_resume_only_with_the_same_direction_and_space()
    {
        var store = Store();
        string name = NewStudyName();
        var a = store.CreateOrLoadStudy(name, OptimizationDirection.Maximize, Space);
        var b = store.CreateOrLoadStudy(name, OptimizationDirection.Maximize, Space.Replace("\"low\":0", "\"low\": 0"));
        Assert.Equal(a.Id, b.Id);
        Assert.Contains("direction", Assert.Throws<InvalidOperationException>(() => store.CreateOrLoadStudy(name, OptimizationDirection.Minimize, Space)).Message);
        Assert.Contains("search space", Assert.Throws<InvalidOperationException>(() => store.CreateOrLoadStudy(name, OptimizationDirection.Maximize, Space.Replace("1}", "2}"))).Message);
        Assert.Equal(a, store.FindStudy(name));
        Assert.Contains(store.ListStudies(), s => s.Name == name);
    }

    [StoreFact]
    public void Claims_number_trials_in_order_and_respect_the_trial_budget()
    {
        var store = Store();
        var study = store.CreateOrLoadStudy(NewStudyName(), OptimizationDirection.Minimize, Space);
        var limits = new ClaimLimits(MaxTrials: 3);
        var claims = Enumerable.Range(0, 3).Select(_ => store.ClaimTrial(study.Id, "w", limits)!).ToList();
        Assert.Equal([0, 1, 2], claims.Select(c => c.Number));
        Assert.All(claims, c => Assert.Equal(1, c.Attempt));
        Assert.Null(store.ClaimTrial(study.Id, "w", limits));
        Assert.All(store.GetTrials(study.Id), t => Assert.Equal(TrialState.Running, t.State));
    }

    [StoreFact]
    public void Concurrent_claims_never_share_a_trial_and_never_exceed_the_budget()
    {
        var first = Store();
        var study = first.CreateOrLoadStudy(NewStudyName(), OptimizationDirection.Minimize, Space);
        var stores = Enumerable.Range(0, 4).Select(_ => Shared ? Store() : first).ToList();
        var limits = new ClaimLimits(MaxTrials: 40);
        var numbers = new System.Collections.Concurrent.ConcurrentBag<int>();
        Parallel.ForEach(stores, new ParallelOptions { MaxDegreeOfParallelism = 4 }, (s, _, i) =>
        {
            while (s.ClaimTrial(study.Id, $"w{i}", limits) is { } c)
            {
                numbers.Add(c.Number);
                Assert.True(s.FinishTrial(c, new TrialOutcomeRecord(TrialState.Complete, c.Number)));
            }
        });
        Assert.Equal(Enumerable.Range(0, 40), numbers.Order());
        Assert.Equal(40, first.GetTrials(study.Id).Count(t => t.State == TrialState.Complete));
    }

    [StoreFact]
    public void Writes_with_a_lost_claim_are_refused_so_a_trial_completes_once()
    {
        var store = Store();
        var study = store.CreateOrLoadStudy(NewStudyName(), OptimizationDirection.Minimize, Space);
        var old = store.ClaimTrial(study.Id, "slow", new ClaimLimits(1))!;
        Assert.True(store.SetParameters(old, new Dictionary<string, double> { ["x"] = 0.25 }));
        Assert.True(store.ReportIntermediate(old, 0, 0.9));
        Thread.Sleep(300);
        Assert.Equal(1, store.RecoverStaleTrials(study.Id, TimeSpan.FromMilliseconds(100), StaleTrialPolicy.Requeue, maxAttempts: 3));

        var waiting = store.GetTrials(study.Id).Single();
        Assert.Equal(TrialState.Waiting, waiting.State);
        Assert.Empty(waiting.IntermediateValues);
        Assert.Equal(0.25, waiting.Parameters!["x"]);

        var fresh = store.ClaimTrial(study.Id, "fast", new ClaimLimits(1))!;
        Assert.Equal(old.Number, fresh.Number);
        Assert.Equal(2, fresh.Attempt);
        Assert.Equal(0.25, fresh.Parameters!["x"]);
        // The first worker wakes up: every write of its stale claim is refused.
        Assert.False(store.Heartbeat(old));
        Assert.False(store.ReportIntermediate(old, 1, 0.5));
        Assert.False(store.SetSystemAttribute(old, "k", 1));
        Assert.False(store.FinishTrial(old, new TrialOutcomeRecord(TrialState.Complete, 1.0)));
        Assert.True(store.FinishTrial(fresh, new TrialOutcomeRecord(TrialState.Complete, 2.0)));
        Assert.False(store.FinishTrial(fresh, new TrialOutcomeRecord(TrialState.Complete, 3.0)));
        var done = store.GetTrials(study.Id).Single();
        Assert.Equal((TrialState.Complete, 2.0, 2), (done.State, done.Value!.Value, done.Attempt));
    }

    [StoreFact]
    public void Stale_trials_fail_when_their_attempts_run_out_or_the_policy_says_so()
    {
        var store = Store();
        var study = store.CreateOrLoadStudy(NewStudyName(), OptimizationDirection.Minimize, Space);
        store.ClaimTrial(study.Id, "w", new ClaimLimits(2));
        var live = store.ClaimTrial(study.Id, "w", new ClaimLimits(2))!;
        Thread.Sleep(300);
        Assert.True(store.Heartbeat(live));
        Assert.Equal(1, store.RecoverStaleTrials(study.Id, TimeSpan.FromMilliseconds(200), StaleTrialPolicy.Requeue, maxAttempts: 1));
        var trials = store.GetTrials(study.Id);
        Assert.Equal(TrialState.Failed, trials[0].State);
        Assert.Contains("heartbeats", trials[0].Error);
        Assert.Equal(TrialState.Running, trials[1].State);
        Thread.Sleep(300);
        Assert.Equal(1, store.RecoverStaleTrials(study.Id, TimeSpan.FromMilliseconds(200), StaleTrialPolicy.Fail, maxAttempts: 5));
        Assert.Equal(TrialState.Failed, store.GetTrials(study.Id)[1].State);
    }

    [StoreFact]
    public void Everything_a_trial_records_reads_back()
    {
        var store = Store();
        var study = store.CreateOrLoadStudy(NewStudyName(), OptimizationDirection.Maximize, Space);
        var c = store.ClaimTrial(study.Id, "worker-7", new ClaimLimits(5))!;
        store.SetParameters(c, new Dictionary<string, double> { ["x"] = 0.125, ["n"] = 3 });
        store.ReportIntermediate(c, 0, 0.5);
        store.ReportIntermediate(c, 1, double.NaN);
        store.ReportIntermediate(c, 2, 0.75);
        store.ReportIntermediate(c, 2, 0.8);
        store.SetSystemAttribute(c, "completed_rung_0", 0.5);
        store.SetSystemAttribute(c, "completed_rung_1", 0.8);
        Assert.True(store.FinishTrial(c, new TrialOutcomeRecord(TrialState.Complete, 0.8,
            new Dictionary<string, double> { ["accuracy"] = 0.8, ["loss"] = double.PositiveInfinity },
            new Dictionary<string, string> { ["note"] = "ok" })));
        var t = store.GetTrials(study.Id).Single();
        Assert.Equal(TrialState.Complete, t.State);
        Assert.Equal(0.8, t.Value);
        Assert.Equal(new Dictionary<string, double> { ["x"] = 0.125, ["n"] = 3 }, t.Parameters);
        Assert.Equal([0, 1, 2], t.IntermediateValues.Keys);
        Assert.Equal(0.5, t.IntermediateValues[0]);
        Assert.True(double.IsNaN(t.IntermediateValues[1]));
        Assert.Equal(0.8, t.IntermediateValues[2]);
        Assert.Equal(2, t.LastStep);
        Assert.Equal(0.8, t.SystemAttributes["completed_rung_1"]);
        Assert.Equal(double.PositiveInfinity, t.Metrics["loss"]);
        Assert.Equal("ok", t.UserAttributes["note"]);
        Assert.Equal("worker-7", t.Worker);
        Assert.NotNull(t.Started);
        Assert.True(t.Finished >= t.Started);
    }

    [StoreFact]
    public void Enqueued_and_released_trials_are_claimed_first_with_their_parameters()
    {
        var store = Store();
        var study = store.CreateOrLoadStudy(NewStudyName(), OptimizationDirection.Minimize, Space);
        var running = store.ClaimTrial(study.Id, "w", new ClaimLimits(10))!;
        Assert.Equal(1, store.EnqueueTrial(study.Id, new Dictionary<string, double> { ["x"] = 0.5 }));
        store.SetParameters(running, new Dictionary<string, double> { ["x"] = 0.9 });
        store.ReportIntermediate(running, 0, 1);
        Assert.True(store.ReleaseTrial(running));
        Assert.False(store.ReleaseTrial(running));
        var a = store.ClaimTrial(study.Id, "w", new ClaimLimits(10))!;
        var b = store.ClaimTrial(study.Id, "w", new ClaimLimits(10))!;
        Assert.Equal((0, 0.9, 2), (a.Number, a.Parameters!["x"], a.Attempt));
        Assert.Equal((1, 0.5), (b.Number, b.Parameters!["x"]));
        Assert.Empty(store.GetTrials(study.Id)[0].IntermediateValues);
    }

    [StoreFact]
    public void Budgets_bind_queued_trials_that_never_started()
    {
        var store = Store();
        var study = store.CreateOrLoadStudy(NewStudyName(), OptimizationDirection.Minimize, Space);
        for (int i = 0; i < 4; i++)
            store.EnqueueTrial(study.Id, new Dictionary<string, double> { ["x"] = i / 10.0 });
        var trialBudget = new ClaimLimits(MaxTrials: 2);
        Assert.Equal(0, store.ClaimTrial(study.Id, "w", trialBudget)!.Number);
        var second = store.ClaimTrial(study.Id, "w", trialBudget)!;
        Assert.Equal((1, 0.1), (second.Number, second.Parameters!["x"]));
        Assert.Null(store.ClaimTrial(study.Id, "w", trialBudget));

        // A step budget: once spent, the remaining queued trials do not start, but a re-queued one still runs.
        var stepBudget = new ClaimLimits(MaxTotalSteps: 2);
        store.ReportIntermediate(second, 0, 1);
        store.ReportIntermediate(second, 1, 1);
        Assert.True(store.ReleaseTrial(second));
        var again = store.ClaimTrial(study.Id, "w", stepBudget)!;
        Assert.Equal((1, 2), (again.Number, again.Attempt));
        store.ReportIntermediate(again, 0, 1);
        store.ReportIntermediate(again, 1, 1);
        Assert.Null(store.ClaimTrial(study.Id, "w", stepBudget));
        Assert.Equal([TrialState.Running, TrialState.Running, TrialState.Waiting, TrialState.Waiting], store.GetTrials(study.Id).Select(t => t.State));
        // Without budgets the queue drains.
        Assert.Equal(2, store.ClaimTrial(study.Id, "w", new ClaimLimits())!.Number);
    }

    [StoreFact]
    public void The_step_budget_stops_new_trials()
    {
        var store = Store();
        var study = store.CreateOrLoadStudy(NewStudyName(), OptimizationDirection.Minimize, Space);
        var limits = new ClaimLimits(MaxTotalSteps: 3);
        var c = store.ClaimTrial(study.Id, "w", limits)!;
        store.ReportIntermediate(c, 0, 1);
        store.ReportIntermediate(c, 1, 1);
        Assert.NotNull(store.ClaimTrial(study.Id, "w", limits));
        store.ReportIntermediate(c, 2, 1);
        Assert.Null(store.ClaimTrial(study.Id, "w", limits));
    }

    [StoreFact]
    public void A_second_connection_sees_the_same_study()
    {
        if (!Shared)
            return;
        var name = NewStudyName();
        var a = Store();
        var study = a.CreateOrLoadStudy(name, OptimizationDirection.Minimize, Space);
        var c = a.ClaimTrial(study.Id, "w", new ClaimLimits(5))!;
        a.FinishTrial(c, new TrialOutcomeRecord(TrialState.Complete, 4.5));
        var b = Store();
        Assert.Equal(study, b.FindStudy(name));
        Assert.Equal(4.5, b.GetTrials(study.Id).Single().Value);
    }

    public void Dispose()
    {
        foreach (var s in _opened)
            s.Dispose();
        Cleanup();
        GC.SuppressFinalize(this);
    }

    protected virtual void Cleanup()
    {
    }
}

public sealed class InMemoryTrialStoreTests : TrialStoreContract
{
    private readonly InMemoryTrialStore _store = new();

    protected override ITrialStore OpenStore() => _store;

    protected override bool Shared => false;
}

public sealed class SqliteTrialStoreTests : TrialStoreContract
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pipex-sqlite-").FullName;

    protected override ITrialStore OpenStore() => new SqliteTrialStore(Path.Combine(_directory, "study.db"));

    protected override void Cleanup() => Directory.Delete(_directory, recursive: true);

    [StoreFact]
    public void A_store_that_cannot_be_opened_names_the_file()
    {
        string blocker = Path.Combine(_directory, "not-a-dir");
        File.WriteAllText(blocker, "x");
        var e = Assert.ThrowsAny<Exception>(() => new SqliteTrialStore(Path.Combine(blocker, "study.db")));
        Assert.Contains("not-a-dir", e.Message);
    }
}

[RequiresPostgres]
public sealed class PostgresTrialStoreTests : TrialStoreContract
{
    protected override ITrialStore OpenStore() => new PostgresTrialStore(RequiresPostgresAttribute.ConnectionString!);
}
