using PipelineExtensions.Randomness;
using PipelineExtensions.Sampling.Neighbors;

namespace PipelineExtensions.Sampling;

/// <summary>
/// Borderline-SMOTE (Han et al. 2005), as imbalanced-learn's <c>BorderlineSMOTE</c>: a row of an over-sampled class
/// is in DANGER when at least half, but not all, of its m nearest rows (whole table) belong to other classes;
/// SMOTE then generates only from DANGER rows, towards their k nearest same-class neighbours. Borderline-2 draws a
/// fraction f ~ Beta(10, 10) and makes ⌊f·(n + 1)⌋ rows that way and ⌊(1 − f)·n⌋ rows towards each DANGER row's k
/// nearest other-class rows with u in [0, 0.5), so a class may end one row short of its target, as in
/// imbalanced-learn. A class with no DANGER row gets no new rows.
/// </summary>
/// <remarks>
/// Deviation from imbalanced-learn 0.10, on purpose: its borderline-2 indexes the other-class rows with the
/// same-class neighbour indices (a known bug, fixed in later releases); here the other-class neighbours are the
/// real k nearest other-class rows, as in the paper. Counts follow the same formula either way.
/// </remarks>
public sealed class BorderlineSmote : Sampler
{
    /// <summary>Creates the sampler; <paramref name="seed"/> is used when the options give none.</summary>
    public BorderlineSmote(BorderlineSmoteOptions options, int seed) : base(options, options.Seed ?? seed)
    {
        NeighbourCount = options.NeighbourCount;
        DangerNeighbourCount = options.DangerNeighbourCount;
        Variant = options.Kind;
        SyntheticRowValues = options.SyntheticRowValues;
    }

    /// <summary>k: same-class neighbours new rows are drawn towards.</summary>
    public int NeighbourCount { get; }

    /// <summary>m: neighbours that decide DANGER.</summary>
    public int DangerNeighbourCount { get; }

    /// <summary>Borderline-1 or borderline-2.</summary>
    public BorderlineKind Variant { get; }

    /// <summary>What other columns hold in synthetic rows.</summary>
    public SyntheticRowValues SyntheticRowValues { get; }

    /// <inheritdoc />
    public override string StepName => Variant == BorderlineKind.Borderline1 ? "BorderlineSMOTE-1" : "BorderlineSMOTE-2";

    /// <inheritdoc />
    public override SamplingKind Kind => SamplingKind.OverSampling;

    private protected override void CheckData(SamplerData data, SortedDictionary<int, int> plan)
    {
        RequireNeighboursInClasses(data, plan, NeighbourCount, nameof(NeighbourCount));
        RequireNeighboursInTable(data, DangerNeighbourCount, nameof(DangerNeighbourCount));
        if (Variant == BorderlineKind.Borderline2)
            foreach (var (c, n) in plan)
                if (n > 0 && data.RowCount - data.Counts[c] < NeighbourCount)
                    throw new ArgumentException($"{StepName}: only {data.RowCount - data.Counts[c]} rows are not of class '{data.ClassName(c)}', fewer than NeighbourCount = {NeighbourCount} other-class neighbours.");
        if (SyntheticRowValues == SyntheticRowValues.Missing)
            ExtraColumns.CheckMissingRepresentable(data.Table.Schema, FeatureColumnName, LabelColumnName, StepName);
    }

    /// <summary>Which rows of class <paramref name="className"/> are in DANGER (input-table rows, ascending).</summary>
    public int[] DangerRows(Data.DataTable table, string className)
    {
        var data = Inspect(table, className, out int c);
        var search = new ClassSearch(data, c);
        var danger = Neighbours(search, dangerOnly: true).Danger;
        return danger.Select(i => search.ClassRows[i]).ToArray();
    }

    /// <summary>
    /// The class's DANGER rows (class-row indices, ascending) and, unless <paramref name="dangerOnly"/>, every class row's
    /// same-class neighbours (<paramref name="dangerOnly"/>: null; else row-major with Stride entries per row, the k
    /// nearest first) and, for borderline-2, its k nearest other-class rows (global candidate indices).
    /// </summary>
    private (int[] Danger, int[]? Same, int Stride, int[]? Other) Neighbours(ClassSearch search, bool dangerOnly)
    {
        int k = NeighbourCount, m = DangerNeighbourCount, h = m / 2;
        // The split search where it runs: DANGER is 1 ≤ s ≤ ⌊m/2⌋ for s the class rows among the m nearest, i.e.
        // a_1 among them (at most m − 1 other rows ahead of it) and a_{h+1} not (at least m − h ahead).
        if ((dangerOnly || Variant == BorderlineKind.Borderline1) && search.TrySplit(Math.Max(k, h + 1), h + 1, m) is { } split)
        {
            var flagged = new List<int>();
            for (int i = 0; i < search.ClassRows.Length; i++)
                if (split.OthersBefore(i, 1) <= m - 1 && split.OthersBefore(i, h + 1) >= m - h)
                    flagged.Add(i);
            return (flagged.ToArray(), dangerOnly ? null : split.Same, split.SameK, null);
        }
        if (dangerOnly)
            return (Danger(search, search.Search(new NeighbourSpec(m, ClassSearch.All))[0]), null, k, null);
        var specs = Variant == BorderlineKind.Borderline1
            ? new[] { new NeighbourSpec(m, ClassSearch.All), new NeighbourSpec(k, ClassSearch.Same) }
            : [new NeighbourSpec(m, ClassSearch.All), new NeighbourSpec(k, ClassSearch.Same), new NeighbourSpec(k, ClassSearch.Other)];
        var lists = search.Search(specs);
        return (Danger(search, lists[0]), lists[1], k, Variant == BorderlineKind.Borderline2 ? lists[2] : null);
    }

    private int[] Danger(ClassSearch search, int[] all)
    {
        int m = DangerNeighbourCount;
        var danger = new List<int>();
        for (int i = 0; i < search.ClassRows.Length; i++)
        {
            int others = 0;
            for (int j = 0; j < m; j++)
                if (search.IsOther(all[i * m + j]))
                    others++;
            if (others >= m / 2.0 && others < m)
                danger.Add(i);
        }
        return danger.ToArray();
    }

    private protected override SamplingResult Resample(SamplerData data, SortedDictionary<int, int> plan)
    {
        int k = NeighbourCount;
        var work = new List<(int Class, int Count, Interpolation.Request Request, long Seed)>();
        foreach (var (c, n) in plan)
        {
            if (n == 0)
                continue;
            var search = new ClassSearch(data, c);
            var (danger, sameLists, stride, otherLists) = Neighbours(search, dangerOnly: false);
            if (danger.Length == 0)
                continue;
            int d = data.Dimension;
            var seeds = new float[danger.Length * d];
            var seedRows = new int[danger.Length];
            var same = new int[danger.Length * k];
            for (int i = 0; i < danger.Length; i++)
            {
                search.ClassFeatures.AsSpan(danger[i] * d, d).CopyTo(seeds.AsSpan(i * d));
                seedRows[i] = search.ClassRows[danger[i]];
                Array.Copy(sameLists!, danger[i] * stride, same, i * k, k);
            }
            long classSeed = SeededRandom.MixSeed(Seed, c);
            var toSame = new Interpolation.Request(seeds, seedRows, search.ClassFeatures, search.ClassRows, same, k, FixedSeeds: null);
            if (Variant == BorderlineKind.Borderline1)
            {
                work.Add((c, n, toSame, classSeed));
                continue;
            }
            double f = Beta10(SeededRandom.Derive(classSeed, -1));
            var other = new int[danger.Length * k];
            for (int i = 0; i < danger.Length; i++)
                for (int j = 0; j < k; j++)
                    other[i * k + j] = otherLists![danger[i] * k + j] - search.ClassRows.Length;
            var toOther = new Interpolation.Request(seeds, seedRows, search.OtherFeatures, search.OtherRows, other, k, FixedSeeds: null, Step: 0.5f);
            work.Add((c, (int)(f * (n + 1)), toSame, SeededRandom.MixSeed(classSeed, 1)));
            work.Add((c, (int)((1 - f) * n), toOther, SeededRandom.MixSeed(classSeed, 2)));
        }
        var builder = new OutputBuilder(data, keptRows: null, addedRows: work.Sum(w => w.Count));
        foreach (var (c, count, request, seed) in work)
        {
            int start = builder.Append(c, count, RowOrigin.Synthetic);
            Interpolation.Generate(request, count, seed, builder, start);
        }
        return builder.Build(SyntheticRowValues);
    }

    // Beta(10, 10) as G1 / (G1 + G2) with G ~ Gamma(10, 1) = −ln(U1·…·U10).
    private static double Beta10(SeededRandom rng)
    {
        double Gamma10()
        {
            double sum = 0;
            for (int i = 0; i < 10; i++)
                sum -= Math.Log(1.0 - rng.NextDouble());
            return sum;
        }
        double a = Gamma10(), b = Gamma10();
        return a / (a + b);
    }
}
