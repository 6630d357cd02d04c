using System.Globalization;
using PipelineExtensions.AutoML.Experiments;
using PipelineExtensions.AutoML.SearchSpaces;
using PipelineExtensions.AutoML.Storage;
using PipelineExtensions.AutoML.Tuners;

// Usage: worker --store LOCATION --study NAME --trials N --steps K --step-ms MS --heartbeat-ms MS --stale-ms MS
//               --policy requeue|fail --log PATH [--parallel P] [--hang true]
// Runs trials of the shared study until its budget is spent. The objective reports K intermediate values, MS apart,
// and appends "start N A" / "finish N A" lines (trial number, attempt) and "recorded N STATE" once the store took the
// outcome to its own log, flushed at once, so the test can tell what each process did even when it is killed.
// With --hang true the objective stops (forever) after two steps of its first trial and logs "hung N": the test
// kills the process there, so the kill always lands mid-trial however loaded the machine is.
var options = ParseArguments(args);
string Get(string key) => options.TryGetValue(key, out var v) ? v : throw new ArgumentException($"worker: missing --{key}");
int Int(string key) => int.Parse(Get(key), CultureInfo.InvariantCulture);

var space = new SearchSpace().AddFloat("x", -5, 5).AddInt("n", 0, 9);
int steps = Int("steps"), stepMs = Int("step-ms");
bool hang = options.TryGetValue("hang", out var h) && h == "true";
using var log = new StreamWriter(new FileStream(Get("log"), FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
var logLock = new Lock();
void Log(string line)
{
    lock (logLock)
        log.WriteLine(line);
}

Log($"begin {Environment.ProcessId} trials {Int("trials")}");
using var store = TrialStore.Open(Get("store"));
var experiment = new Experiment(space, (p, ctx) =>
{
    Log($"start {ctx.TrialNumber} {ctx.Attempt}");
    double value = Math.Pow(p.GetDouble("x") - 1, 2) + p.GetInt32("n");
    for (int step = 0; step < steps; step++)
    {
        ctx.CancellationToken.WaitHandle.WaitOne(stepMs);
        ctx.CancellationToken.ThrowIfCancellationRequested();
        ctx.Report(step, value + steps - step);
        if (hang && step == 1)
        {
            Log($"hung {ctx.TrialNumber} {ctx.Attempt}");
            Thread.Sleep(Timeout.Infinite);
        }
    }
    Log($"finish {ctx.TrialNumber} {ctx.Attempt}");
    return value;
}, new ExperimentOptions
{
    StudyName = Get("study"),
    Store = store,
    MaxTrials = Int("trials"),
    Tuner = new RandomTuner(seed: 11),
    DegreeOfParallelism = options.TryGetValue("parallel", out var p) ? int.Parse(p, CultureInfo.InvariantCulture) : 1,
    ThreadsPerTrial = 1,
    HeartbeatInterval = TimeSpan.FromMilliseconds(Int("heartbeat-ms")),
    StaleAfter = TimeSpan.FromMilliseconds(Int("stale-ms")),
    StaleTrialPolicy = Get("policy") == "fail" ? StaleTrialPolicy.Fail : StaleTrialPolicy.Requeue,
    PollInterval = TimeSpan.FromMilliseconds(100),
    WorkerName = $"worker-{Environment.ProcessId}",
});
// "recorded" lines come from progress reports, which the experiment sends only after the store accepted the outcome.
var result = experiment.Run(new LogProgress(r =>
{
    if (r.Kind == TrialProgressKind.Finished)
        Log($"recorded {r.TrialNumber} {r.State}");
}));
Log($"done {result.Trials.Count}");
return 0;

static Dictionary<string, string> ParseArguments(string[] args)
{
    var map = new Dictionary<string, string>(StringComparer.Ordinal);
    for (int i = 0; i + 1 < args.Length; i += 2)
        map[args[i].TrimStart('-')] = args[i + 1];
    return map;
}

internal sealed class LogProgress(Action<TrialProgress> action) : IProgress<TrialProgress>
{
    public void Report(TrialProgress value) => action(value);
}
