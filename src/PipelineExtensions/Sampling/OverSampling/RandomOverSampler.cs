using PipelineExtensions.Randomness;

namespace PipelineExtensions.Sampling;

/// <summary>
/// Over-samples by drawing rows of each targeted class uniformly with replacement and appending copies
/// (imbalanced-learn's <c>RandomOverSampler</c>), optionally as a smoothed bootstrap (Gaussian noise scaled by
/// the class spread). Works on any vector or image features: image rows are duplicated as they are.
/// </summary>
/// <example>
/// <code>
/// var ctx = new PipelineContext(seed: 1);
/// var pipeline = ctx.Sampling.RandomOverSampler("Features", "Label").Append(trainer);
/// </code>
/// </example>
public sealed class RandomOverSampler : Sampler
{
    private readonly double? _shrinkage;
    private readonly Dictionary<string, double>? _shrinkageByClass;

    /// <summary>Creates the sampler; <paramref name="seed"/> is used when the options give none.</summary>
    public RandomOverSampler(RandomOverSamplerOptions options, int seed) : base(options, options.Seed ?? seed)
    {
        _shrinkage = options.Shrinkage;
        _shrinkageByClass = options.ShrinkageByClass is null ? null : new(options.ShrinkageByClass, StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public override string StepName => "RandomOverSampler";

    /// <inheritdoc />
    public override SamplingKind Kind => SamplingKind.OverSampling;

    private bool Smoothed => _shrinkage is not null || _shrinkageByClass is not null;

    // Plain copies never compute with feature values, so non-finite values pass through (as in imbalanced-learn).
    private protected override bool RequiresFiniteFeatures => Smoothed;

    private protected override SamplingResult Resample(SamplerData data, SortedDictionary<int, int> plan)
    {
        var builder = new OutputBuilder(data, keptRows: null, addedRows: plan.Values.Sum(), withNeighbourRows: false);
        foreach (var (c, n) in plan)
        {
            if (n == 0)
                continue;
            var classRows = data.RowsOf(c);
            var rng = SeededRandom.Derive(Seed, c);
            if (!Smoothed)
            {
                builder.AppendDuplicates(c, classRows, n, rng);
                continue;
            }
            var drawn = Draw(classRows, n, rng);
            int start = builder.Append(c, n, RowOrigin.Synthetic);
            drawn.CopyTo(builder.SourceRows, start);
            SmoothedBootstrap(data, c, ShrinkageOf(data.ClassName(c)), drawn, builder.Features.AsSpan(start * data.Dimension, n * data.Dimension));
        }
        return builder.Build();
    }

    /// <summary><paramref name="n"/> rows drawn uniformly with replacement from <paramref name="classRows"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int[] Draw(int[] classRows, int n, SeededRandom rng)
    {
        var drawn = GC.AllocateUninitializedArray<int>(n);
        for (int i = 0; i < n; i++)
            drawn[i] = classRows[rng.NextInt(classRows.Length)];
        return drawn;
    }

    private double ShrinkageOf(string className)
    {
        if (_shrinkageByClass is null)
            return _shrinkage!.Value;
        if (_shrinkageByClass.TryGetValue(className, out double s))
            return s;
        throw new ArgumentException($"{StepName}: ShrinkageByClass has no value for class '{className}', which is over-sampled; give a shrinkage for every over-sampled class.");
    }

    private void SmoothedBootstrap(SamplerData data, int c, double shrinkage, int[] drawn, Span<float> output)
    {
        int d = data.Dimension;
        // Scott-like bandwidth of imbalanced-learn 0.10 (n is the whole table, not the class).
        double bandwidth = Math.Pow(4.0 / ((d + 2.0) * data.RowCount), 1.0 / (d + 4.0));
        var scale = ClassStd(data, c);
        for (int j = 0; j < d; j++)
            scale[j] *= shrinkage * bandwidth;
        var features = data.Features.Data;
        var rng = SeededRandom.Derive(SeededRandom.MixSeed(Seed, c), 1);
        for (int i = 0; i < drawn.Length; i++)
        {
            var source = features.Slice(drawn[i] * d, d);
            var target = output.Slice(i * d, d);
            for (int j = 0; j < d; j++)
                target[j] = (float)(source[j] + rng.NextGaussian() * scale[j]);
        }
    }

    private static double[] ClassStd(SamplerData data, int c)
    {
        int d = data.Dimension;
        var rows = data.RowsOf(c);
        var mean = new double[d];
        var m2 = new double[d];
        var features = data.Features.Data;
        foreach (int r in rows)
        {
            var x = features.Slice(r * d, d);
            for (int j = 0; j < d; j++)
                mean[j] += x[j];
        }
        for (int j = 0; j < d; j++)
            mean[j] /= rows.Length;
        foreach (int r in rows)
        {
            var x = features.Slice(r * d, d);
            for (int j = 0; j < d; j++)
                m2[j] += (x[j] - mean[j]) * (x[j] - mean[j]);
        }
        for (int j = 0; j < d; j++)
            m2[j] = Math.Sqrt(m2[j] / rows.Length);
        return m2;
    }
}
