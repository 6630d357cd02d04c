using PipelineExtensions.AutoML.SearchSpaces;
using PipelineExtensions.AutoML.Trials;

namespace PipelineExtensions.AutoML.Tuners;

/// <summary>
/// Proposes the parameters of the next trial from the study's history (Optuna's sampler). Tuners are pluggable:
/// <see cref="GridTuner"/>, <see cref="RandomTuner"/>, <see cref="Tpe.TpeTuner"/>, <see cref="Cfo.CfoTuner"/>.
/// A tuner sees the whole study — trials of other workers and of earlier runs included — so one study can be
/// shared by many processes and resumed after a crash. Calls are serialised per tuner instance.
/// </summary>
public interface ITuner
{
    /// <summary>A short name for tables and logs ("tpe", "random", …).</summary>
    string Name { get; }

    /// <summary>Returns the internal values (see <see cref="ParameterDistribution"/>) of every active parameter of the trial.</summary>
    IReadOnlyDictionary<string, double> Suggest(TunerContext context);
}

/// <summary>A tuner with a finite number of configurations (a grid): sweeps stop when they are all tried.</summary>
public interface IFiniteTuner : ITuner
{
    /// <summary>How many distinct configurations the tuner proposes for <paramref name="space"/>.</summary>
    long ConfigurationCount(SearchSpace space);
}

/// <summary>What a tuner knows when it proposes trial <see cref="TrialNumber"/>.</summary>
/// <param name="Space">The search space.</param>
/// <param name="TrialNumber">The number of the trial being sampled.</param>
/// <param name="Trials">The study's other trials (every state, ordered by number).</param>
/// <param name="Direction">Whether smaller or larger values are better.</param>
public sealed record TunerContext(SearchSpace Space, int TrialNumber, IReadOnlyList<TrialRecord> Trials, OptimizationDirection Direction);
