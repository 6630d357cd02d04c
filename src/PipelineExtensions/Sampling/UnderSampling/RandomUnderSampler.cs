using PipelineExtensions.Randomness;

namespace PipelineExtensions.Sampling;

/// <summary>
/// Under-samples each targeted class to its target count by a uniform random choice of its rows, without
/// (default) or with replacement (imbalanced-learn's <c>RandomUnderSampler</c>). Only input rows are output;
/// kept rows stay in input order (imbalanced-learn groups them by class instead).
/// </summary>
public sealed class RandomUnderSampler : Sampler
{
    /// <summary>Creates the sampler; <paramref name="seed"/> is used when the options give none.</summary>
    public RandomUnderSampler(RandomUnderSamplerOptions options, int seed) : base(options, options.Seed ?? seed)
    {
        Replacement = options.Replacement;
    }

    /// <summary>Whether kept rows are drawn with replacement.</summary>
    public bool Replacement { get; }

    /// <inheritdoc />
    public override string StepName => "RandomUnderSampler";

    /// <inheritdoc />
    public override SamplingKind Kind => SamplingKind.UnderSampling;

    private protected override bool RequiresFiniteFeatures => false;

    private protected override SamplingResult Resample(SamplerData data, SortedDictionary<int, int> plan)
    {
        var kept = new List<int>(data.RowCount);
        for (int c = 0; c < data.Counts.Length; c++)
        {
            var rows = data.RowsOf(c);
            if (!plan.TryGetValue(c, out int n))
            {
                kept.AddRange(rows);
                continue;
            }
            var rng = SeededRandom.Derive(Seed, c);
            if (Replacement)
            {
                for (int i = 0; i < n; i++)
                    kept.Add(rows[rng.NextInt(rows.Length)]);
            }
            else
            {
                // Partial Fisher–Yates: the first n of a random permutation.
                var pool = (int[])rows.Clone();
                for (int i = 0; i < n; i++)
                {
                    int j = i + rng.NextInt(pool.Length - i);
                    (pool[i], pool[j]) = (pool[j], pool[i]);
                    kept.Add(pool[i]);
                }
            }
        }
        var keptRows = kept.ToArray();
        Array.Sort(keptRows);
        return new OutputBuilder(data, keptRows, addedRows: 0).Build();
    }
}
