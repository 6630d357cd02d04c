using PipelineExtensions.Data;

namespace PipelineExtensions.Weighting;

/// <summary>
/// Per-class and per-example weights for imbalanced labels: the numbers to hand to a weighted loss
/// (<see cref="Compute(KeyColumn, ClassWeightOptions)"/>, indexed by key value) or to write as an example-weight
/// column (<see cref="SampleWeights(KeyColumn, ClassWeightOptions)"/>, scikit-learn's <c>compute_sample_weight</c>).
/// </summary>
/// <remarks>
/// Formulas, with n_c rows of class c, n = Σ n_c and K = the number of classes with at least one row:
/// <list type="bullet">
/// <item>Balanced: w_c = n / (K · n_c) (scikit-learn's <c>compute_class_weight("balanced")</c>, same float64 operations).</item>
/// <item>InverseSquareRoot: w_c = 1 / √n_c.</item>
/// <item>EffectiveNumber: w_c = (1 − β) / (1 − β^n_c) (Cui et al. 2019).</item>
/// <item>Custom: the given weight, 1 for classes not given.</item>
/// </list>
/// Then <see cref="ClassWeightNormalization"/> scales them over the present classes. A class of the key type with
/// no rows gets weight 0 (as <c>compute_sample_weight</c> gives classes missing from a subsample); rows with a
/// missing label (−1) get example weight 0.
/// </remarks>
public static class ClassWeights
{
    /// <summary>scikit-learn's balanced class weights by key index.</summary>
    public static double[] Balanced(KeyColumn labels) => Compute(labels, new ClassWeightOptions());

    /// <summary>Per-class weights by key index (length K of the key type) for the labels' class counts.</summary>
    public static double[] Compute(KeyColumn labels, ClassWeightOptions options)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return Compute(labels.CountPerClass(), labels.KeyType, options);
    }

    /// <summary>Per-class weights from per-class counts (index = key value).</summary>
    /// <exception cref="ArgumentException">No class has rows, or a custom weight names an unknown class.</exception>
    public static double[] Compute(int[] counts, KeyType keyType, ClassWeightOptions options)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(keyType);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (counts.Length != keyType.Count)
            throw new ArgumentException($"{counts.Length} class counts for a key type of {keyType.Count} classes.", nameof(counts));
        int present = counts.Count(c => c > 0);
        if (present == 0)
            throw new ArgumentException("Class weights need at least one labelled row; every label is missing.", nameof(counts));
        long n = 0;
        foreach (int c in counts)
            n += c;
        if (options.CustomWeights is not null)
            foreach (var name in options.CustomWeights.Keys)
                if (keyType.IndexOf(name) < 0)
                    throw new ArgumentException($"CustomWeights names class '{name}', which is not a class of the label ({keyType.DisplayName}).", nameof(options));

        var w = new double[counts.Length];
        for (int c = 0; c < counts.Length; c++)
        {
            if (counts[c] == 0)
                continue;
            w[c] = options.Scheme switch
            {
                ClassWeightScheme.Balanced => n / ((double)present * counts[c]),
                ClassWeightScheme.InverseSquareRoot => 1.0 / Math.Sqrt(counts[c]),
                ClassWeightScheme.EffectiveNumber => (1.0 - options.Beta) / (1.0 - Math.Pow(options.Beta, counts[c])),
                _ => options.CustomWeights!.TryGetValue(keyType.ClassNames[c], out double v) ? v : 1.0,
            };
        }
        Normalize(w, counts, n, present, Resolve(options));
        return w;
    }

    private static ClassWeightNormalization Resolve(ClassWeightOptions options) => options.Normalization != ClassWeightNormalization.Default
        ? options.Normalization
        : options.Scheme switch
        {
            ClassWeightScheme.InverseSquareRoot => ClassWeightNormalization.SampleMeanOne,
            ClassWeightScheme.EffectiveNumber => ClassWeightNormalization.SumToClassCount,
            _ => ClassWeightNormalization.None,
        };

    private static void Normalize(double[] w, int[] counts, long n, int present, ClassWeightNormalization normalization)
    {
        double reference = normalization switch
        {
            ClassWeightNormalization.SampleMeanOne => Enumerable.Range(0, w.Length).Sum(c => counts[c] * w[c]) / n,
            ClassWeightNormalization.SumToClassCount => w.Sum() / present,
            ClassWeightNormalization.SumToOne => w.Sum(),
            ClassWeightNormalization.MaxOne => w.Max(),
            _ => 1.0,
        };
        if (reference == 1.0)
            return;
        if (!(reference > 0) || double.IsInfinity(reference))
            throw new ArgumentException($"The class weights cannot be normalised with {normalization}: they sum to {reference} (all custom weights zero?).");
        for (int c = 0; c < w.Length; c++)
            w[c] /= reference;
    }

    /// <summary>Per-example weights w_{y_i} in float64 (scikit-learn's <c>compute_sample_weight</c>); missing labels weigh 0.</summary>
    public static double[] SampleWeights(KeyColumn labels, ClassWeightOptions options)
    {
        var w = Compute(labels, options);
        var keys = labels.Keys;
        var result = new double[keys.Length];
        for (int i = 0; i < keys.Length; i++)
            result[i] = keys[i] < 0 ? 0 : w[keys[i]];
        return result;
    }

    /// <summary>
    /// Balanced example weights computed on the subsample <paramref name="indices"/> (rows may repeat), for every
    /// row: scikit-learn's <c>compute_sample_weight("balanced", y, indices=...)</c>. Classes absent from the
    /// subsample get weight 0.
    /// </summary>
    public static double[] SampleWeights(KeyColumn labels, ReadOnlySpan<int> indices)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var counts = new int[labels.KeyType.Count];
        foreach (int i in indices)
        {
            if ((uint)i >= (uint)labels.Length)
                throw new ArgumentOutOfRangeException(nameof(indices), i, $"Index {i} is outside the {labels.Length} rows of column '{labels.Name}'.");
            if (labels[i] >= 0)
                counts[labels[i]]++;
        }
        var w = Compute(counts, labels.KeyType, new ClassWeightOptions());
        var keys = labels.Keys;
        var result = new double[keys.Length];
        for (int i = 0; i < keys.Length; i++)
            result[i] = keys[i] < 0 ? 0 : w[keys[i]];
        return result;
    }
}
