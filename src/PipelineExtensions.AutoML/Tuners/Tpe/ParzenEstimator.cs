using PipelineExtensions.AutoML.SearchSpaces;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.AutoML.Tuners.Tpe;

/// <summary>
/// The univariate Parzen estimator of TPE for one parameter (Bergstra et al. 2011; Optuna 3.1's
/// <c>_ParzenEstimator</c> with <c>multivariate=False</c>): a mixture with one truncated Gaussian per observation
/// plus an optional prior component over the whole range, bandwidths from the distance to the neighbouring
/// observations clipped by the "magic clip"; a mixture of smoothed one-hot rows for categoricals. Log and
/// integer parameters are modelled in log space / on the half-step-widened range as Optuna does.
/// Unlike Optuna 3.1.0 (optuna/optuna#5109, fixed in 3.5), the component density includes its 1/σ factor,
/// so every component is a normalised density.
/// </summary>
internal sealed class ParzenEstimator
{
    private const double Eps = 1e-12;

    private readonly ParameterDistribution _distribution;

    /// <summary>Fits the estimator to <paramref name="observations"/> (internal values, chronological order).</summary>
    public ParzenEstimator(ReadOnlySpan<double> observations, ParameterDistribution distribution, TpeOptions options)
    {
        _distribution = distribution;
        int n = observations.Length;
        bool considerPrior = options.ConsiderPrior || n == 0;
        Weights = ComponentWeights(n, considerPrior, options);
        if (distribution is CategoricalDistribution categorical)
        {
            CategoricalWeights = CategoricalParameters(observations, categorical.Choices.Count, considerPrior, options.PriorWeight);
            return;
        }
        (Low, High, Step) = Bounds(distribution);
        var transformed = new double[n];
        for (int i = 0; i < n; i++)
            transformed[i] = ToModel(observations[i]);
        (Mus, Sigmas) = NumericalParameters(transformed, considerPrior, options);
    }

    /// <summary>Mixture weights (observations in order, then the prior), summing to 1.</summary>
    public double[] Weights { get; }

    /// <summary>Component means in model space (numeric parameters).</summary>
    public double[] Mus { get; } = [];

    /// <summary>Component standard deviations in model space (numeric parameters).</summary>
    public double[] Sigmas { get; } = [];

    /// <summary>Model-space bounds: log bounds for log parameters, widened by half a step for discrete ones.</summary>
    public double Low { get; }

    /// <inheritdoc cref="Low"/>
    public double High { get; }

    /// <summary>The discretisation step in model space, or null for continuous modelling.</summary>
    public double? Step { get; }

    /// <summary>Per component, the probability of each choice (categorical parameters).</summary>
    public double[][] CategoricalWeights { get; } = [];

    /// <summary>Draws <paramref name="size"/> internal values from the mixture.</summary>
    public double[] Sample(SeededRandom random, int size)
    {
        var samples = new double[size];
        for (int i = 0; i < size; i++)
        {
            int k = ChooseComponent(random, Weights);
            if (_distribution is CategoricalDistribution)
            {
                samples[i] = ChooseComponent(random, CategoricalWeights[k]);
                continue;
            }
            double mu = Mus[k], sigma = Sigmas[k];
            double x = SpecialFunctions.TruncatedNormalPpf(random.NextDouble(), (Low - mu) / sigma, (High - mu) / sigma) * sigma + mu;
            samples[i] = FromModel(x);
        }
        return samples;
    }

    /// <summary>log density (or log probability mass, for discrete parameters) of each internal value.</summary>
    public double[] LogPdf(ReadOnlySpan<double> samples)
    {
        int m = Weights.Length;
        // Per component, everything that does not depend on x: log weight, and for numbers the log of the
        // truncation mass (plus log σ for densities) — the costly erfc calls happen once per component.
        var offset = new double[m];
        for (int k = 0; k < m; k++)
        {
            offset[k] = Math.Log(Weights[k]);
            if (_distribution is CategoricalDistribution)
                continue;
            offset[k] -= SpecialFunctions.LogGaussMass((Low - Mus[k]) / Sigmas[k], (High - Mus[k]) / Sigmas[k]);
            if (Step is null)
                offset[k] -= Math.Log(Sigmas[k]);
        }
        var result = new double[samples.Length];
        var terms = new double[m];
        for (int i = 0; i < samples.Length; i++)
        {
            double x = _distribution is CategoricalDistribution ? samples[i] : ToModel(samples[i]);
            for (int k = 0; k < m; k++)
                terms[k] = offset[k] + ComponentLogPdf(k, x);
            result[i] = LogSumExp(terms);
        }
        return result;
    }

    // The x-dependent part of a component's log density (see LogPdf for the rest).
    private double ComponentLogPdf(int k, double x)
    {
        if (_distribution is CategoricalDistribution)
            return Math.Log(CategoricalWeights[k][(int)x]);
        double mu = Mus[k], sigma = Sigmas[k];
        if (Step is not { } q)
            return x < Low || x > High ? double.NegativeInfinity : SpecialFunctions.NormLogPdf((x - mu) / sigma);
        // Discrete: the mass of the cell around x (relative to the mass inside the range, via the offset).
        double upper = Math.Min(x + q / 2, High), lower = Math.Max(x - q / 2, Low);
        return SpecialFunctions.LogGaussMass((lower - mu) / sigma, (upper - mu) / sigma);
    }

    private static double[] ComponentWeights(int n, bool considerPrior, TpeOptions options)
    {
        var w = options.Weights(n);
        if (w.Length < n)
            throw new InvalidOperationException($"TpeOptions.Weights({n}) returned {w.Length} weights; it must return at least {n}.");
        var weights = new double[considerPrior ? n + 1 : n];
        for (int i = 0; i < n; i++)
        {
            if (!(w[i] >= 0) || double.IsInfinity(w[i]))
                throw new InvalidOperationException($"TpeOptions.Weights({n}) returned {w[i]} at {i}; weights must be finite and non-negative.");
            weights[i] = w[i];
        }
        if (considerPrior)
            weights[n] = options.PriorWeight;
        double sum = weights.Sum();
        if (!(sum > 0))
            throw new InvalidOperationException($"TpeOptions.Weights({n}) returned only zeros.");
        for (int i = 0; i < weights.Length; i++)
            weights[i] /= sum;
        return weights;
    }

    private static double[][] CategoricalParameters(ReadOnlySpan<double> observations, int choices, bool considerPrior, double priorWeight)
    {
        int n = observations.Length;
        int rows = considerPrior ? n + 1 : n;
        double fill = considerPrior ? priorWeight / (n + 1) : priorWeight / n;
        var weights = new double[rows][];
        for (int r = 0; r < rows; r++)
        {
            var row = weights[r] = new double[choices];
            Array.Fill(row, fill);
            if (r < n)
                row[(int)observations[r]] += 1;
            double sum = row.Sum();
            for (int c = 0; c < choices; c++)
                row[c] /= sum;
        }
        return weights;
    }

    private (double[] Mus, double[] Sigmas) NumericalParameters(double[] observations, bool considerPrior, TpeOptions options)
    {
        int n = observations.Length;
        var mus = new double[considerPrior ? n + 1 : n];
        observations.CopyTo(mus, 0);
        if (considerPrior)
            mus[n] = 0.5 * (Low + High);

        // Bandwidth of each component: the larger gap to its sorted neighbours (the range ends count as neighbours).
        var order = Enumerable.Range(0, mus.Length).OrderBy(i => mus[i]).ToArray();
        var withEnds = new double[mus.Length + 2];
        withEnds[0] = Low;
        for (int i = 0; i < order.Length; i++)
            withEnds[i + 1] = mus[order[i]];
        withEnds[^1] = High;
        var sortedSigmas = new double[mus.Length];
        for (int i = 0; i < sortedSigmas.Length; i++)
            sortedSigmas[i] = Math.Max(withEnds[i + 1] - withEnds[i], withEnds[i + 2] - withEnds[i + 1]);
        if (!options.ConsiderEndpoints && withEnds.Length >= 4)
        {
            sortedSigmas[0] = withEnds[2] - withEnds[1];
            sortedSigmas[^1] = withEnds[^2] - withEnds[^3];
        }
        var sigmas = new double[mus.Length];
        for (int i = 0; i < order.Length; i++)
            sigmas[order[i]] = sortedSigmas[i];

        double maxSigma = High - Low;
        double minSigma = options.ConsiderMagicClip ? (High - Low) / Math.Min(100.0, 1.0 + mus.Length) : Eps;
        for (int i = 0; i < sigmas.Length; i++)
            sigmas[i] = Math.Clamp(sigmas[i], minSigma, maxSigma);
        if (considerPrior)
            sigmas[n] = High - Low;
        return (mus, sigmas);
    }

    private static (double Low, double High, double? Step) Bounds(ParameterDistribution distribution) => distribution switch
    {
        FloatDistribution { Log: true } f => (Math.Log(f.Low), Math.Log(f.High), null),
        FloatDistribution { Step: { } q } f => (f.Low - 0.5 * q, f.High + 0.5 * q, q),
        FloatDistribution f => (f.Low, f.High, null),
        IntDistribution { Log: true } i => (Math.Log(i.Low - 0.5), Math.Log(i.High + 0.5), null),
        IntDistribution i => (i.Low - 0.5 * i.Step, i.High + 0.5 * i.Step, i.Step),
        _ => throw new NotSupportedException($"TPE cannot model {distribution.GetType().Name} '{distribution.Name}'."),
    };

    private double ToModel(double value) => _distribution switch
    {
        FloatDistribution { Log: true } or IntDistribution { Log: true } => Math.Log(value),
        _ => value,
    };

    private double FromModel(double x) => _distribution switch
    {
        FloatDistribution { Log: true } f => Math.Clamp(Math.Exp(x), f.Low, f.High),
        FloatDistribution f => f.Snap(x),
        IntDistribution { Log: true } i => Math.Clamp(Math.Round(Math.Exp(x)), i.Low, i.High),
        IntDistribution i => i.Snap(x),
        _ => x,
    };

    // numpy's choice(p=...): the first index whose cumulative probability exceeds a uniform draw.
    private static int ChooseComponent(SeededRandom random, double[] probabilities)
    {
        double u = random.NextDouble(), cumulative = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            cumulative += probabilities[i];
            if (u < cumulative)
                return i;
        }
        return probabilities.Length - 1;
    }

    private static double LogSumExp(double[] terms)
    {
        double max = terms.Max();
        if (double.IsNegativeInfinity(max))
            return max;
        double sum = 0;
        foreach (double t in terms)
            sum += Math.Exp(t - max);
        return max + Math.Log(sum);
    }
}
