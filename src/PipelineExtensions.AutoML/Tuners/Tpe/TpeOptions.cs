using PipelineExtensions.Options;

namespace PipelineExtensions.AutoML.Tuners.Tpe;

/// <summary>
/// Settings of <see cref="TpeTuner"/>. The defaults are those of Optuna 3.1's <c>TPESampler</c>: 10 random
/// start-up trials, 24 expected-improvement candidates, γ(n) = min(⌈0.1·n⌉, 25), weights flat for the 25 most
/// recent observations and ramping up before, a prior component of weight 1, magic clip on, endpoints off.
/// </summary>
public sealed class TpeOptions
{
    private int _startupTrials = 10;
    private int _eiCandidates = 24;
    private double _priorWeight = 1.0;

    /// <summary>Trials sampled at random before TPE takes over (complete and pruned trials count). Default 10.</summary>
    public int StartupTrials { get => _startupTrials; set => _startupTrials = Check.NonNegative(value); }

    /// <summary>Candidates drawn from l(x) per parameter; the one maximising l(x)/g(x) wins. Default 24.</summary>
    public int EiCandidates { get => _eiCandidates; set => _eiCandidates = Check.Positive(value); }

    /// <summary>Add a wide Gaussian over the whole range to each mixture. Default true.</summary>
    public bool ConsiderPrior { get; set; } = true;

    /// <summary>Weight of the prior component (and smoothing of categorical rows). Default 1.</summary>
    public double PriorWeight { get => _priorWeight; set => _priorWeight = Check.Positive(value); }

    /// <summary>Bound each bandwidth below by range / min(100, 1 + components). Default true.</summary>
    public bool ConsiderMagicClip { get; set; } = true;

    /// <summary>Let the range ends widen the bandwidths of the outermost observations. Default false.</summary>
    public bool ConsiderEndpoints { get; set; }

    /// <summary>
    /// Treat running trials of the study as the worst observations (Optuna's <c>constant_liar</c>), so parallel
    /// workers spread out instead of proposing near-identical points. Default false.
    /// </summary>
    public bool ConstantLiar { get; set; }

    /// <summary>How many of n observations form the "good" set l(x). Default min(⌈0.1·n⌉, 25).</summary>
    public Func<int, int> Gamma { get; set; } = DefaultGamma;

    /// <summary>Weights of n observations in chronological order. Default: Optuna's <c>default_weights</c>.</summary>
    public Func<int, double[]> Weights { get; set; } = DefaultWeights;

    /// <summary>Seed of the start-up sampling and of the candidates.</summary>
    public int Seed { get; set; }

    /// <summary>Optuna's default γ: min(⌈0.1·n⌉, 25).</summary>
    public static int DefaultGamma(int n) => Math.Min((int)Math.Ceiling(0.1 * n), 25);

    /// <summary>Optuna's default weights: 1 for the last 25 observations, a linear ramp from 1/n before them.</summary>
    public static double[] DefaultWeights(int n)
    {
        if (n == 0)
            return [];
        if (n < 25)
            return Enumerable.Repeat(1.0, n).ToArray();
        var w = new double[n];
        int ramp = n - 25;
        for (int i = 0; i < ramp; i++)
            w[i] = ramp == 1 ? 1.0 / n : 1.0 / n + (1.0 - 1.0 / n) * i / (ramp - 1);
        for (int i = ramp; i < n; i++)
            w[i] = 1.0;
        return w;
    }
}
