using PipelineExtensions.AutoML.SearchSpaces;
using PipelineExtensions.AutoML.Trials;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.AutoML.Tuners.Tpe;

/// <summary>
/// Tree-structured Parzen Estimator (Bergstra, Bardenet, Bengio &amp; Kégl, "Algorithms for Hyper-Parameter
/// Optimization", NeurIPS 2011), following Optuna 3.1's independent <c>TPESampler</c>: after
/// <see cref="TpeOptions.StartupTrials"/> random trials, the finished trials are split into the γ(n) best and the
/// rest; per parameter, Parzen estimators l(x) and g(x) are fitted to the two groups, candidates are drawn from
/// l(x), and the one with the largest l(x)/g(x) is proposed. Pruned trials rank behind complete ones, by how far
/// they got and then by their last value. Conditional parameters are modelled only on the trials where they were
/// active. Trial <c>n</c> draws its random numbers from a stream derived from the seed and <c>n</c>, so a run
/// with one worker is reproducible from the seed.
/// </summary>
public sealed class TpeTuner : ITuner
{
    private readonly TpeOptions _options;

    /// <summary>Creates a TPE tuner with Optuna 3.1's defaults and the given seed.</summary>
    public TpeTuner(int seed = 0) : this(new TpeOptions { Seed = seed })
    {
    }

    /// <summary>Creates a TPE tuner with the given options.</summary>
    public TpeTuner(TpeOptions options) => _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <inheritdoc />
    public string Name => "tpe";

    /// <summary>The options.</summary>
    public TpeOptions Options => _options;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Suggest(TunerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var random = SeededRandom.Derive(_options.Seed, context.TrialNumber);
        var observations = Observations(context);
        int finished = observations.Count(o => !o.Running);
        if (finished < _options.StartupTrials)
            return context.Space.Assign((p, _) => p.SampleUniform(random));

        var (below, above) = Split(observations, _options.Gamma(finished));
        return context.Space.Assign((p, _) => SampleParameter(p, observations, below, above, random));
    }

    private double SampleParameter(ParameterDistribution p, List<Observation> observations, int[] below, int[] above, SeededRandom random)
    {
        var l = new ParzenEstimator(ValuesOf(p.Name, observations, below), p, _options);
        var g = new ParzenEstimator(ValuesOf(p.Name, observations, above), p, _options);
        var candidates = l.Sample(random, _options.EiCandidates);
        var logL = l.LogPdf(candidates);
        var logG = g.LogPdf(candidates);
        int best = 0;
        double bestScore = double.NegativeInfinity;
        for (int i = 0; i < candidates.Length; i++)
        {
            double score = logL[i] - logG[i];
            if (score > bestScore || (i == 0 && double.IsNaN(bestScore)))
            {
                bestScore = score;
                best = i;
            }
        }
        return candidates[best];
    }

    private static double[] ValuesOf(string name, List<Observation> observations, int[] indices)
    {
        var values = new List<double>(indices.Length);
        foreach (int i in indices)
            if (observations[i].Trial.Parameters is { } ps && ps.TryGetValue(name, out double v))
                values.Add(v);
        return [.. values];
    }

    // Optuna's _get_observation_pairs: (−∞, loss) for complete trials, (−last step, last value) for pruned ones,
    // (+∞, +∞) for running ones under the constant liar; lexicographically smaller is better.
    private List<Observation> Observations(TunerContext context)
    {
        var list = new List<Observation>();
        foreach (var t in context.Trials)
        {
            if (t.Number == context.TrialNumber || t.Parameters is null)
                continue;
            switch (t.State)
            {
                case TrialState.Complete when t.Value is { } v:
                    list.Add(new Observation(t, double.NegativeInfinity, context.Direction.ToLoss(v), false));
                    break;
                case TrialState.Pruned:
                    if (t.LastStep is { } step)
                    {
                        double last = t.IntermediateValues[step];
                        list.Add(new Observation(t, -step, double.IsNaN(last) ? double.PositiveInfinity : context.Direction.ToLoss(last), false));
                    }
                    else
                    {
                        list.Add(new Observation(t, 1, 0.0, false));
                    }
                    break;
                case TrialState.Running when _options.ConstantLiar:
                    list.Add(new Observation(t, double.PositiveInfinity, double.PositiveInfinity, true));
                    break;
            }
        }
        return list;
    }

    // The best nBelow observations form l(x), the rest g(x); both keep chronological order (weights depend on it).
    internal static (int[] Below, int[] Above) Split(List<Observation> observations, int nBelow)
    {
        var order = Enumerable.Range(0, observations.Count)
            .OrderBy(i => observations[i].StepKey)
            .ThenBy(i => observations[i].Loss)
            .ToArray();
        nBelow = Math.Clamp(nBelow, 0, order.Length);
        var below = order[..nBelow];
        var above = order[nBelow..];
        Array.Sort(below);
        Array.Sort(above);
        return (below, above);
    }

    internal readonly record struct Observation(TrialRecord Trial, double StepKey, double Loss, bool Running);
}
