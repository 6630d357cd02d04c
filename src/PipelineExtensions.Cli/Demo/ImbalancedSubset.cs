using PipelineExtensions.Data;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Cli.Demo;

/// <summary>
/// An imbalanced subset of a class-balanced table with a step imbalance (Buda et al., 2018): a seeded random half of
/// the classes keep <c>largest</c> rows, the other half <c>largest / ratio</c>; the rows of each class are a
/// seeded random choice.
/// </summary>
public static class ImbalancedSubset
{
    /// <summary>The rows per class of the subset (index = class), before drawing the rows.</summary>
    /// <param name="available">Rows per class in the source.</param>
    /// <param name="largest">Rows of the largest class (at most what the source has).</param>
    /// <param name="ratio">Largest : smallest class, ≥ 1.</param>
    /// <param name="seed">Decides which class gets which count.</param>
    public static int[] Counts(IReadOnlyList<int> available, int largest, double ratio, int seed)
    {
        ArgumentNullException.ThrowIfNull(available);
        Options.Check.Positive(largest);
        Options.Check.InRange(ratio, 1, 1e6);
        int k = available.Count;
        var order = Enumerable.Range(0, k).ToArray();
        SeededRandom.Derive(seed, 1).Shuffle(order);
        var counts = new int[k];
        for (int rank = 0; rank < k; rank++)
        {
            double share = rank < (k + 1) / 2 ? 1 : 1 / ratio;
            int c = order[rank];
            counts[c] = Math.Min(available[c], Math.Max(1, (int)Math.Round(largest * share)));
        }
        return counts;
    }

    /// <summary>Draws the subset: <paramref name="counts"/>[c] rows of class c, in source order.</summary>
    /// <exception cref="ArgumentException">A class has fewer rows than asked for; the message names it.</exception>
    public static DataTable Draw(DataTable source, string labelColumnName, IReadOnlyList<int> counts, int seed)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(counts);
        var labels = source.GetColumn<KeyColumn>(labelColumnName);
        if (counts.Count != labels.KeyType.Count)
            throw new ArgumentException($"{counts.Count} counts given but '{labelColumnName}' has {labels.KeyType.Count} classes.", nameof(counts));
        var byClass = Enumerable.Range(0, counts.Count).Select(_ => new List<int>()).ToArray();
        for (int i = 0; i < labels.Length; i++)
            if (labels[i] >= 0)
                byClass[labels[i]].Add(i);
        var rng = SeededRandom.Derive(seed, 2);
        var rows = new List<int>();
        for (int c = 0; c < counts.Count; c++)
        {
            if (byClass[c].Count < counts[c])
                throw new ArgumentException($"Class '{labels.KeyType.ClassNames[c]}' has {byClass[c].Count} rows; {counts[c]} were asked for.", nameof(counts));
            var pool = byClass[c].ToArray();
            rng.Shuffle(pool);
            rows.AddRange(pool.Take(counts[c]));
        }
        rows.Sort();
        return source.Gather(rows.ToArray());
    }
}
