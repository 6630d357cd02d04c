using PipelineExtensions.Randomness;
using PipelineExtensions.Sampling.Neighbors;

namespace PipelineExtensions.Sampling;

/// <summary>
/// ADASYN (He et al. 2008), as imbalanced-learn's <c>ADASYN</c>: row i of an over-sampled class gets
/// g_i = round(r_i / Σ r · n) new rows, where r_i is the share of other-class rows among its k nearest rows (whole
/// table) and n the strategy's number; each new row interpolates towards one of its k nearest same-class neighbours
/// drawn uniformly, with u uniform in [0, 1). Rounding makes the class total Σ g_i, which may differ slightly from
/// n, as in imbalanced-learn.
/// </summary>
/// <remarks>
/// g_i is computed exactly in integers (count_i · n / Σ count, rounded half to even like numpy's <c>rint</c>), where
/// imbalanced-learn rounds float64 quotients; the two agree except on exact halves blurred by float rounding.
/// </remarks>
public sealed class Adasyn : Sampler
{
    /// <summary>Creates the sampler; <paramref name="seed"/> is used when the options give none.</summary>
    public Adasyn(AdasynOptions options, int seed) : base(options, options.Seed ?? seed)
    {
        NeighbourCount = options.NeighbourCount;
        SyntheticRowValues = options.SyntheticRowValues;
    }

    /// <summary>k: neighbours for both the difficulty ratio and the interpolation.</summary>
    public int NeighbourCount { get; }

    /// <summary>What other columns hold in synthetic rows.</summary>
    public SyntheticRowValues SyntheticRowValues { get; }

    /// <inheritdoc />
    public override string StepName => "ADASYN";

    /// <inheritdoc />
    public override SamplingKind Kind => SamplingKind.OverSampling;

    private protected override void CheckData(SamplerData data, SortedDictionary<int, int> plan)
    {
        RequireNeighboursInClasses(data, plan, NeighbourCount, nameof(NeighbourCount));
        if (SyntheticRowValues == SyntheticRowValues.Missing)
            ExtraColumns.CheckMissingRepresentable(data.Table.Schema, FeatureColumnName, LabelColumnName, StepName);
    }

    /// <summary>
    /// ADASYN's number of new rows per row of class <paramref name="className"/> when <paramref name="total"/> are
    /// asked for (input-table row → count; rows getting none are left out).
    /// </summary>
    public IReadOnlyDictionary<int, int> GenerationCounts(Data.DataTable table, string className, int total)
    {
        var data = Inspect(table, className, out int c);
        var search = new ClassSearch(data, c);
        var counts = Counts(Neighbours(search).Others, total, data.ClassName(c));
        var result = new SortedDictionary<int, int>();
        for (int i = 0; i < counts.Length; i++)
            if (counts[i] > 0)
                result[search.ClassRows[i]] = counts[i];
        return result;
    }

    /// <summary>
    /// Per class row, how many of its k nearest rows (whole table) are of another class, and its k nearest same-class
    /// rows (row-major, k per row): from the split search where it runs, else from one pass with both lists.
    /// </summary>
    private (int[] Others, int[] Same) Neighbours(ClassSearch search)
    {
        int k = NeighbourCount, rows = search.ClassRows.Length;
        var others = new int[rows];
        if (search.TrySplit(k, k, k) is { } split)
        {
            for (int i = 0; i < rows; i++)
                others[i] = k - split.SameAmongNearest(i, k);
            return (others, split.Same);
        }
        var lists = search.Search(new NeighbourSpec(k, ClassSearch.All), new NeighbourSpec(k, ClassSearch.Same));
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < k; j++)
                if (search.IsOther(lists[0][i * k + j]))
                    others[i]++;
        return (others, lists[1]);
    }

    private int[] Counts(int[] others, int n, string className)
    {
        int k = NeighbourCount, rows = others.Length;
        long sum = 0;
        for (int i = 0; i < rows; i++)
            sum += others[i];
        if (sum == 0)
            throw new InvalidOperationException(
                $"{StepName}: no row of class '{className}' has a neighbour of another class among its {k} nearest, so ADASYN's ratios are undefined (0/0). Use SMOTE for this data.");
        var counts = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            // round-half-even(others_i · n / sum) in exact integer arithmetic.
            long num = (long)others[i] * n, q = num / sum, r = num % sum;
            if (2 * r > sum || (2 * r == sum && (q & 1) == 1))
                q++;
            counts[i] = (int)q;
        }
        if (counts.Sum() == 0)
            throw new InvalidOperationException($"{StepName}: rounding leaves no new row for class '{className}' ({n} asked); ask for more rows or use SMOTE.");
        return counts;
    }

    private protected override SamplingResult Resample(SamplerData data, SortedDictionary<int, int> plan)
    {
        int k = NeighbourCount;
        var work = new List<(int Class, int Count, Interpolation.Request Request)>();
        foreach (var (c, n) in plan)
        {
            if (n == 0)
                continue;
            var search = new ClassSearch(data, c);
            var (others, same) = Neighbours(search);
            var counts = Counts(others, n, data.ClassName(c));
            var fixedSeeds = new int[counts.Sum()];
            for (int i = 0, at = 0; i < counts.Length; i++)
                for (int j = 0; j < counts[i]; j++)
                    fixedSeeds[at++] = i;
            work.Add((c, fixedSeeds.Length, new Interpolation.Request(search.ClassFeatures, search.ClassRows, search.ClassFeatures, search.ClassRows, same, k, fixedSeeds)));
        }
        var builder = new OutputBuilder(data, keptRows: null, addedRows: work.Sum(w => w.Count));
        foreach (var (c, count, request) in work)
        {
            int start = builder.Append(c, count, RowOrigin.Synthetic);
            Interpolation.Generate(request, count, SeededRandom.MixSeed(Seed, c), builder, start);
        }
        return builder.Build(SyntheticRowValues);
    }
}
