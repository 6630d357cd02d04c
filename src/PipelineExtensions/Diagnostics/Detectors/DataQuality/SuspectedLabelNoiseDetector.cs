using System.Numerics.Tensors;
using PipelineExtensions.Randomness;
using PipelineExtensions.Sampling.Neighbors;
using static PipelineExtensions.Diagnostics.EvidenceFormat;

namespace PipelineExtensions.Diagnostics;

/// <summary>
/// Finds suspected label noise in the training data, two ways: (1) identical feature rows with different labels
/// (all rows are hashed), and (2) k-nearest-neighbour disagreement on a seeded sample of
/// <see cref="SuspectedLabelNoiseOptions.MaxRows"/> rows — a row is suspect when at least
/// <see cref="SuspectedLabelNoiseOptions.MinNeighbourAgreement"/> of its <see cref="SuspectedLabelNoiseOptions.Neighbours"/>
/// neighbours agree on one other label, or
/// when a near-duplicate (<see cref="SuspectedLabelNoiseOptions.NearDuplicateDistance"/>) carries another label.
/// Fires on any exact conflict or when <see cref="SuspectedLabelNoiseOptions.MinSuspectFraction"/> of the sample
/// is suspect. A warning with exact conflicts or twice the minimum fraction; information otherwise. Minority rows
/// deep inside a majority region also look suspect, so read this next to the imbalance finding.
/// </summary>
public sealed class SuspectedLabelNoiseDetector : PlateauDetector<SuspectedLabelNoiseOptions>
{
    /// <summary>Creates the detector; null options take the defaults.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public SuspectedLabelNoiseDetector(SuspectedLabelNoiseOptions? options = null) : base(options)
    {
    }

    /// <inheritdoc />
    public override string Name => "suspected label noise";

    /// <inheritdoc />
    public override IEnumerable<Finding> Detect(DiagnosisInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var data = input.Data;
        if (data is null || data.TrainFeatures.Length < 2)
            yield break;
        var labels = data.TrainLabels.Keys.ToArray();
        var exact = ExactConflicts(data, labels);
        var (suspects, checkedRows, nearConflicts) = NeighbourSuspects(data, labels);
        double fraction = checkedRows == 0 ? 0 : suspects.Count / (double)checkedRows;
        if (exact.Count == 0 && (checkedRows == 0 || fraction < Thresholds.MinSuspectFraction))
            yield break;
        var evidence = new List<Evidence>
        {
            new("training rows in identical-feature groups with conflicting labels", exact.Count, Count, exact.Count > 0 ? "≥" : null, exact.Count > 0 ? 1 : null),
            new($"sampled rows outvoted by their {Thresholds.Neighbours} nearest neighbours", fraction, Percent, fraction >= Thresholds.MinSuspectFraction ? "≥" : null, fraction >= Thresholds.MinSuspectFraction ? Thresholds.MinSuspectFraction : null),
            new("suspect rows among the sample", suspects.Count, Count),
            new("rows sampled for the neighbour check", checkedRows, Count),
            new("sampled rows whose near-duplicate carries another label", nearConflicts, Count),
        };
        foreach (var (cls, count) in suspects.GroupBy(r => labels[r]).Select(g => (g.Key, g.Count())).OrderByDescending(g => g.Item2).Take(3))
            evidence.Add(new($"suspects labelled '{input.ClassName(cls)}'", count, Count));
        var affected = exact.Union(suspects).Order().ToList();
        var severity = exact.Count > 0 || fraction >= 2 * Thresholds.MinSuspectFraction ? Severity.Warning : Severity.Info;
        yield return new Finding(FindingKind.SuspectedLabelNoise, Name, severity,
            Math.Max(exact.Count > 0 ? 0.5 : 0, DetectorMath.Scale(fraction, Thresholds.MinSuspectFraction, 4 * Thresholds.MinSuspectFraction + 0.01)),
            exact.Count > 0
                ? $"Suspected label noise: {exact.Count} training rows share identical features with rows of another label"
                : $"Suspected label noise: {Evidence.Display(fraction, Percent)} of sampled rows are outvoted by their {Thresholds.Neighbours} nearest neighbours",
            "Rows whose label contradicts identical or all nearby rows are often mislabelled; a network memorises them, which costs accuracy on clean rows. Review them, soften the targets, or let a cleaner drop the outvoted rows.",
            evidence, [StandardRemedies.ReviewLabels(affected.Count), StandardRemedies.LabelSmoothing(), StandardRemedies.CleanNoisyRows(Thresholds.Neighbours)],
            new AffectedItems(AffectedKind.TrainRows, affected.Take(Thresholds.MaxListedRows).ToArray(), affected.Count));
    }

    // Every row of a group of identical feature rows that holds more than one label.
    private static List<int> ExactConflicts(DiagnosisData data, int[] labels)
    {
        var index = new RowIndex(data.TrainFeatures);
        var seen = new HashSet<int>();
        var conflicts = new List<int>();
        for (int i = 0; i < labels.Length; i++)
        {
            if (seen.Contains(i) || !index.MayHaveTwins(i))
                continue;
            var twins = index.Twins(i);
            seen.UnionWith(twins);
            var distinct = twins.Select(t => labels[t]).Where(l => l >= 0).Distinct().Count();
            if (distinct > 1)
                conflicts.AddRange(twins);
        }
        conflicts.Sort();
        return conflicts;
    }

    private (List<int> Suspects, int Checked, int NearConflicts) NeighbourSuspects(DiagnosisData data, int[] labels)
    {
        var features = data.TrainFeatures;
        int d = features.Size, k = Thresholds.Neighbours;
        // Labelled, finite rows only; a seeded sample when there are more than MaxRows.
        var usable = Enumerable.Range(0, features.Length).Where(i => labels[i] >= 0 && TensorPrimitives.IsFiniteAll(features.Row(i))).ToArray();
        if (usable.Length > Thresholds.MaxRows)
        {
            var perm = new SeededRandom(Thresholds.Seed).Permutation(usable.Length);
            usable = perm.Take(Thresholds.MaxRows).Select(p => usable[p]).Order().ToArray();
        }
        int m = usable.Length;
        if (m <= k)
            return ([], 0, 0);
        var rows = new float[(long)m * d];
        for (int i = 0; i < m; i++)
            features.Row(usable[i]).CopyTo(rows.AsSpan(i * d, d));
        int[] neighbours = NearestNeighbours.Self(rows, m, d, k);

        var nearest = new float[m];
        for (int i = 0; i < m; i++)
            nearest[i] = TensorPrimitives.Distance(rows.AsSpan(i * d, d), rows.AsSpan(neighbours[i * k] * d, d));
        var sorted = (float[])nearest.Clone();
        Array.Sort(sorted);
        double nearLimit = Thresholds.NearDuplicateDistance * sorted[m / 2];

        var suspects = new List<int>();
        int nearConflicts = 0;
        var votes = new int[data.ClassNames.Count];
        int needed = (int)Math.Ceiling(Thresholds.MinNeighbourAgreement * k - 1e-9);
        for (int i = 0; i < m; i++)
        {
            Array.Clear(votes);
            for (int j = 0; j < k; j++)
                votes[labels[usable[neighbours[i * k + j]]]]++;
            int own = labels[usable[i]];
            bool nearConflict = nearest[i] <= nearLimit && labels[usable[neighbours[i * k]]] != own;
            if (nearConflict)
                nearConflicts++;
            if (OutvotedBy(votes, own) >= needed || nearConflict)
                suspects.Add(usable[i]);
        }
        return (suspects, m, nearConflicts);
    }

    // The most votes any label other than the row's own received.
    private static int OutvotedBy(int[] votes, int own)
    {
        int most = 0;
        for (int c = 0; c < votes.Length; c++)
            if (c != own && votes[c] > most)
                most = votes[c];
        return most;
    }
}
