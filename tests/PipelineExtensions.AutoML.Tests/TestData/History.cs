using PipelineExtensions.AutoML.SearchSpaces;
using PipelineExtensions.AutoML.Trials;
using PipelineExtensions.AutoML.Tuners;

namespace PipelineExtensions.AutoML.Tests.TestData;

/// <summary>Drives a tuner sequentially on an objective without an experiment (ask → evaluate → record).</summary>
internal static class History
{
    public static List<TrialRecord> Run(ITuner tuner, SearchSpace space, Func<TrialParameters, double> objective, int trials,
        OptimizationDirection direction = OptimizationDirection.Minimize)
    {
        var history = new List<TrialRecord>();
        for (int n = 0; n < trials; n++)
        {
            var values = tuner.Suggest(new TunerContext(space, n, history, direction));
            double value = objective(new TrialParameters(space, values));
            history.Add(new TrialRecord(n, TrialState.Complete, values, value) { Finished = DateTimeOffset.UnixEpoch.AddSeconds(n) });
        }
        return history;
    }

    public static int TrialsToReach(IEnumerable<TrialRecord> history, double target) =>
        history.FirstOrDefault(t => t.Value <= target) is { } hit ? hit.Number + 1 : int.MaxValue;
}
