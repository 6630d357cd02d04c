using System.Diagnostics;
using PipelineExtensions.AutoML.Storage;
using PipelineExtensions.AutoML.Trials;

namespace PipelineExtensions.AutoML.Tests.Storage;

/// <summary>
/// Several worker processes (tests/PipelineExtensions.AutoML.Worker) share one study; one is killed mid-trial with
/// Process.Kill. The others detect its trial by its stale heartbeat and re-queue it (or fail it, per policy), every
/// trial completes exactly once, and a later worker resumes the study.
/// </summary>
public abstract class MultiProcessContract : IDisposable
{
    private const int Trials = 8, Steps = 5, StepMs = 100, HeartbeatMs = 150, StaleMs = 2000;

    protected readonly string Directory = System.IO.Directory.CreateTempSubdirectory("pipex-workers-").FullName;
    private readonly List<Process> _processes = [];

    protected abstract string StoreLocation { get; }

    protected abstract ITrialStore OpenStore();

    protected void KillOneWorkerMidTrialAndFinishTheStudy(string policy)
    {
        string study = "shared-" + Guid.NewGuid().ToString("N")[..8];
        // The first worker stops inside its first trial after two steps (--hang); the others run normally.
        var workers = Enumerable.Range(0, 3).Select(i => Start(study, Trials, policy, $"w{i}", hang: i == 0)).ToList();
        using var store = OpenStore();
        var victim = workers[0];
        string victimName = $"worker-{victim.Id}";
        string victimLog = Path.Combine(Directory, "w0.log");
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!File.Exists(victimLog) || !File.ReadAllText(victimLog).Contains("hung ", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "The first worker never got a trial to the middle.\n" + Logs());
            Assert.False(victim.HasExited, "The first worker exited early.\n" + Logs());
            Thread.Sleep(20);
        }
        var doomed = store.GetTrials(store.FindStudy(study)!.Id).Single(t => t.Worker == victimName && t.State == TrialState.Running);
        Assert.Equal(2, doomed.IntermediateValues.Count);
        victim.Kill(entireProcessTree: true);
        victim.WaitForExit();

        foreach (var w in workers.Skip(1))
            Assert.True(w.WaitForExit(120_000), "A surviving worker did not finish.\n" + Logs());
        Assert.All(workers.Skip(1), w => Assert.Equal(0, w.ExitCode));

        var studyId = store.FindStudy(study)!.Id;
        var trials = store.GetTrials(studyId);
        Assert.Equal(Enumerable.Range(0, Trials), trials.Select(t => t.Number));
        var killed = trials.Single(t => t.Number == doomed.Number);
        var finishes = Finishes();
        if (policy == "requeue")
        {
            // Detected by its heartbeat, re-queued with the same parameters, finished once by a survivor.
            Assert.Equal(TrialState.Complete, killed.State);
            Assert.True(killed.Attempt >= 2, $"attempt {killed.Attempt}");
            Assert.NotEqual(victimName, killed.Worker);
            Assert.Equal(doomed.Parameters, killed.Parameters);
            Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        }
        else
        {
            Assert.Equal(TrialState.Failed, killed.State);
            Assert.Contains("heartbeats", killed.Error);
            Assert.All(trials.Where(t => t.Number != killed.Number), t => Assert.Equal(TrialState.Complete, t.State));
        }
        // Exactly once: the store accepted one outcome per trial, from one process. (An objective may run to its end
        // twice — a worker starved past the stale limit gets re-queued — but the fenced write keeps only one.)
        var complete = trials.Where(t => t.State == TrialState.Complete).Select(t => t.Number).Order().ToList();
        Assert.Equal(complete, finishes.Order().ToList());
        Assert.DoesNotContain(finishes, n => n == killed.Number && policy == "fail");

        // Resume: a new worker with a larger budget continues the numbering and completes the rest.
        var late = Start(study, Trials + 3, policy, "late");
        Assert.True(late.WaitForExit(120_000), "The resuming worker did not finish.\n" + Logs());
        late.WaitForExit();
        Assert.True(late.ExitCode == 0, $"The resuming worker failed ({late.ExitCode}).\n" + Logs());
        var resumed = store.GetTrials(studyId);
        Assert.True(Enumerable.Range(0, Trials + 3).SequenceEqual(resumed.Select(t => t.Number)),
            $"late pid {late.Id} exit {late.ExitCode} files {string.Join(",", System.IO.Directory.GetFiles(Directory))}\n" + Logs());
        Assert.All(resumed.Skip(Trials), t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Equal(resumed.Where(t => t.State == TrialState.Complete).Select(t => t.Number).Order(), Finishes().Order());
    }

    private Process Start(string study, int trials, string policy, string name, bool hang = false)
    {
        string worker = Path.Combine(AppContext.BaseDirectory, "PipelineExtensions.AutoML.Worker.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
                 {
                     worker, "--store", StoreLocation, "--study", study, "--trials", trials.ToString(), "--steps", Steps.ToString(),
                     "--step-ms", StepMs.ToString(), "--heartbeat-ms", HeartbeatMs.ToString(), "--stale-ms", StaleMs.ToString(),
                     "--policy", policy, "--log", Path.Combine(Directory, $"{name}.log"), "--hang", hang ? "true" : "false",
                 })
            info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                File.AppendAllText(Path.Combine(Directory, $"{name}.out"), e.Data + "\n");
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                File.AppendAllText(Path.Combine(Directory, $"{name}.err"), e.Data + "\n");
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
        return process;
    }

    // Trial numbers whose completion the store accepted, over all processes' logs.
    private List<int> Finishes() =>
        System.IO.Directory.GetFiles(Directory, "*.log")
            .SelectMany(File.ReadAllLines)
            .Where(l => l.StartsWith("recorded ", StringComparison.Ordinal) && l.EndsWith(" Complete", StringComparison.Ordinal))
            .Select(l => int.Parse(l.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture))
            .ToList();

    private string Logs() =>
        string.Join("\n", System.IO.Directory.GetFiles(Directory).Where(f => !f.EndsWith(".db", StringComparison.Ordinal) && !f.Contains(".db-", StringComparison.Ordinal)).Select(f => $"--- {Path.GetFileName(f)}\n{File.ReadAllText(f)}"));

    public void Dispose()
    {
        foreach (var p in _processes)
        {
            if (!p.HasExited)
                p.Kill(entireProcessTree: true);
            p.Dispose();
        }
        Cleanup();
        System.IO.Directory.Delete(Directory, recursive: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Cleanup()
    {
    }
}

public sealed class SqliteMultiProcessTests : MultiProcessContract
{
    protected override string StoreLocation => "sqlite:" + Path.Combine(Directory, "study.db");

    protected override ITrialStore OpenStore() => new SqliteTrialStore(Path.Combine(Directory, "study.db"));

    [StoreFact]
    public void A_killed_workers_trial_is_requeued_and_every_trial_completes_once() => KillOneWorkerMidTrialAndFinishTheStudy("requeue");
}

[RequiresPostgres]
public sealed class PostgresMultiProcessTests : MultiProcessContract
{
    protected override string StoreLocation => "postgres:" + RequiresPostgresAttribute.ConnectionString;

    protected override ITrialStore OpenStore() => new PostgresTrialStore(RequiresPostgresAttribute.ConnectionString!);

    [StoreFact]
    public void A_killed_workers_trial_is_failed_by_policy_and_the_others_complete_once() => KillOneWorkerMidTrialAndFinishTheStudy("fail");

    [StoreFact]
    public void A_killed_workers_trial_is_requeued_across_processes() => KillOneWorkerMidTrialAndFinishTheStudy("requeue");
}
