using PipelineExtensions.AutoML.Trials;

namespace PipelineExtensions.AutoML.Experiments;

/// <summary>What a running experiment reports through <see cref="IProgress{T}"/>: a trial started or finished.</summary>
/// <param name="Kind">Started or finished.</param>
/// <param name="TrialNumber">The trial.</param>
/// <param name="State">Its state (Running when started).</param>
/// <param name="Value">Its value, when complete.</param>
/// <param name="Parameters">Its configuration, formatted.</param>
/// <param name="BestValue">The best value of this run so far.</param>
/// <param name="BestTrialNumber">The trial that has it.</param>
/// <param name="FinishedInRun">Trials this run has finished.</param>
/// <param name="MaxTrials">The study's trial budget, if any.</param>
/// <param name="Elapsed">Time since the run started.</param>
public sealed record TrialProgress(
    TrialProgressKind Kind,
    int TrialNumber,
    TrialState State,
    double? Value,
    string Parameters,
    double? BestValue,
    int? BestTrialNumber,
    int FinishedInRun,
    int? MaxTrials,
    TimeSpan Elapsed);

/// <summary>The kind of a <see cref="TrialProgress"/> report.</summary>
public enum TrialProgressKind
{
    /// <summary>A trial was claimed and its objective started.</summary>
    Started,

    /// <summary>A trial finished (complete, pruned or failed).</summary>
    Finished,
}
