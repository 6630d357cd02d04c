using PipelineExtensions.Randomness;

namespace PipelineExtensions.AutoML.Tuners;

/// <summary>
/// Samples every parameter independently and uniformly (log-uniformly for log ranges), like Optuna's
/// RandomSampler. Trial <c>n</c>'s values depend only on the seed and <c>n</c>, so they are the same whatever
/// the parallelism, the number of workers, or an interruption in between.
/// </summary>
public sealed class RandomTuner : ITuner
{
    /// <summary>Creates the tuner.</summary>
    /// <param name="seed">Seed of the sequence of configurations.</param>
    public RandomTuner(int seed = 0) => Seed = seed;

    /// <summary>The seed.</summary>
    public int Seed { get; }

    /// <inheritdoc />
    public string Name => "random";

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Suggest(TunerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var random = SeededRandom.Derive(Seed, context.TrialNumber);
        return context.Space.Assign((p, _) => p.SampleUniform(random));
    }
}
