using PipelineExtensions.Data;
using PipelineExtensions.Randomness;
using PipelineExtensions.Sampling.Neighbors;

namespace PipelineExtensions.Sampling;

/// <summary>
/// SMOTE-NC (Chawla et al. 2002) for mixed continuous and categorical features, as imbalanced-learn 0.10's
/// <c>SMOTENC</c>: neighbours are found on the continuous features plus a one-hot encoding of each categorical
/// feature scaled to m/2, where m is the median standard deviation of the continuous features in the minority class
/// (so two different categories add m²/2 to the squared distance); continuous features are interpolated as in
/// SMOTE, and each categorical feature of a new row takes the most frequent value among the seed's k neighbours
/// (ties broken at random). Categorical features are table columns (Key, Text, Int32, Boolean) and/or elements of
/// the feature vector holding category codes.
/// </summary>
/// <remarks>
/// Ties for the minority class (equal counts) go to the lowest class index (imbalanced-learn takes the first to
/// appear in the data).
/// </remarks>
public sealed class SmoteNC : Sampler
{
    private readonly string[] _columns;
    private readonly int[] _indices;

    /// <summary>Creates the sampler; <paramref name="seed"/> is used when the options give none.</summary>
    public SmoteNC(SmoteNCOptions options, int seed) : base(options, options.Seed ?? seed)
    {
        NeighbourCount = options.NeighbourCount;
        SyntheticRowValues = options.SyntheticRowValues;
        _columns = options.CategoricalColumnNames.ToArray();
        _indices = options.CategoricalFeatureIndices.ToArray();
    }

    /// <summary>k: the nearest same-class neighbours (mixed distance).</summary>
    public int NeighbourCount { get; }

    /// <summary>What non-feature, non-categorical columns hold in synthetic rows.</summary>
    public SyntheticRowValues SyntheticRowValues { get; }

    /// <summary>The categorical columns.</summary>
    public IReadOnlyList<string> CategoricalColumnNames => _columns;

    /// <summary>The categorical elements of the feature vector.</summary>
    public IReadOnlyList<int> CategoricalFeatureIndices => _indices;

    /// <inheritdoc />
    public override string StepName => "SMOTE-NC";

    /// <inheritdoc />
    public override SamplingKind Kind => SamplingKind.OverSampling;

    /// <inheritdoc />
    protected override void ValidateSchema(DataSchema schema)
    {
        base.ValidateSchema(schema);
        foreach (var name in _columns)
            schema.Require(name, t => t is KeyType || t == ColumnType.Text || t == ColumnType.Int32 || t == ColumnType.Boolean,
                "Key, Text, Int32 or Boolean (a categorical column)", StepName);
        int size = ((VectorType)schema[FeatureColumnName].Type).Size;
        foreach (int i in _indices)
            if (i >= size)
                throw new ArgumentOutOfRangeException(nameof(CategoricalFeatureIndices), i, $"{StepName}: categorical feature index {i} is outside column '{FeatureColumnName}' of {size} elements.");
        if (_indices.Length >= size)
            throw new ArgumentException($"{StepName}: every element of '{FeatureColumnName}' is categorical; SMOTE-NC needs at least one continuous feature.");
    }

    private protected override void CheckData(SamplerData data, SortedDictionary<int, int> plan)
    {
        RequireNeighboursInClasses(data, plan, NeighbourCount, nameof(NeighbourCount));
        if (SyntheticRowValues == SyntheticRowValues.Missing)
            ExtraColumns.CheckMissingRepresentable(data.Table.Schema.Without(_columns), FeatureColumnName, LabelColumnName, StepName);
    }

    private protected override SamplingResult Resample(SamplerData data, SortedDictionary<int, int> plan)
    {
        int d = data.Dimension, k = NeighbourCount;
        var categorical = CategoricalFeatures.Encode(data, _indices, _columns);
        var continuous = Enumerable.Range(0, d).Except(_indices).ToArray();
        float half = (float)(MedianStd(data, continuous) / 2);
        var builder = new OutputBuilder(data, keptRows: null, addedRows: plan.Values.Sum());
        // Per categorical feature and output row, the voted code (−1: not a synthetic row).
        var votes = new int[categorical.Count][];
        for (int f = 0; f < votes.Length; f++)
        {
            votes[f] = new int[builder.Labels.Length];
            votes[f].AsSpan().Fill(-1);
        }
        foreach (var (c, n) in plan)
        {
            if (n == 0)
                continue;
            var rows = data.RowsOf(c);
            var encoded = Encode(data, rows, continuous, categorical, half, out int width);
            var neighbours = NearestNeighbours.Self(encoded, rows.Length, width, k);
            int start = builder.Append(c, n, RowOrigin.Synthetic);
            Generate(data, rows, neighbours, categorical, votes, n, SeededRandom.MixSeed(Seed, c), builder, start);
        }
        var result = builder.Build(SyntheticRowValues);
        // Categorical columns of synthetic rows hold the voted categories, not the seed's (nor missing values).
        var table = result.Table;
        for (int f = 0; f < categorical.Count; f++)
        {
            if (categorical.Rebuild[f] is not { } rebuild)
                continue;
            var codes = new int[table.RowCount];
            for (int i = 0; i < codes.Length; i++)
                codes[i] = votes[f][i] >= 0 ? votes[f][i] : categorical.Codes[f][builder.SourceRows[i]];
            table = table.WithColumn(rebuild(codes));
        }
        return new SamplingResult(table, builder.Origins, builder.SourceRows, builder.NeighbourRows, data.RowCount);
    }

    private static double MedianStd(SamplerData data, int[] continuous)
    {
        int minority = -1;
        for (int c = 0; c < data.Counts.Length; c++)
            if (data.Counts[c] > 0 && (minority < 0 || data.Counts[c] < data.Counts[minority]))
                minority = c;
        var rows = data.RowsOf(minority);
        var x = data.Features.Data;
        int d = data.Dimension;
        var std = new double[continuous.Length];
        for (int j = 0; j < continuous.Length; j++)
        {
            double mean = 0, m2 = 0;
            foreach (int r in rows)
                mean += x[r * d + continuous[j]];
            mean /= rows.Length;
            foreach (int r in rows)
                m2 += Math.Pow(x[r * d + continuous[j]] - mean, 2);
            std[j] = Math.Sqrt(m2 / rows.Length);
        }
        Array.Sort(std);
        int mid = std.Length / 2;
        return std.Length % 2 == 1 ? std[mid] : (std[mid - 1] + std[mid]) / 2;
    }

    // [continuous features | one-hot of each categorical feature, scaled to m/2], as imbalanced-learn 0.10.
    private static float[] Encode(SamplerData data, int[] rows, int[] continuous, CategoricalFeatures categorical, float half, out int width)
    {
        int d = data.Dimension;
        width = continuous.Length + categorical.Cardinalities.Sum();
        var result = new float[rows.Length * width];
        var x = data.Features.Data;
        for (int i = 0; i < rows.Length; i++)
        {
            int at = i * width;
            foreach (int j in continuous)
                result[at++] = x[rows[i] * d + j];
            for (int f = 0; f < categorical.Count; f++)
            {
                result[at + categorical.Codes[f][rows[i]]] = half;
                at += categorical.Cardinalities[f];
            }
        }
        return result;
    }

    private void Generate(SamplerData data, int[] rows, int[] neighbours, CategoricalFeatures categorical, int[][] votes, int count, long seed, OutputBuilder builder, int start)
    {
        const int chunk = 4096;
        int d = data.Dimension, k = NeighbourCount, features = categorical.Count;
        var x = data.GatherFeatures(rows);
        var output = builder.Features;
        Parallel.For(0, (count + chunk - 1) / chunk, b =>
        {
            var rng = SeededRandom.Derive(seed, b);
            var tally = new int[k];
            var tied = new int[k];
            for (int i = b * chunk; i < Math.Min(count, (b + 1) * chunk); i++)
            {
                int pick = rng.NextInt(rows.Length * k);
                int s = pick / k, nn = neighbours[s * k + pick % k];
                float u = rng.NextSingle();
                int row = start + i;
                builder.SourceRows[row] = rows[s];
                builder.NeighbourRows[row] = rows[nn];
                var xs = x.AsSpan(s * d, d);
                var xn = x.AsSpan(nn * d, d);
                var target = output.AsSpan(row * d, d);
                for (int j = 0; j < d; j++)
                    target[j] = MathF.FusedMultiplyAdd(u, xn[j] - xs[j], xs[j]);
                for (int f = 0; f < features; f++)
                {
                    int code = Vote(categorical.Codes[f], rows, neighbours.AsSpan(s * k, k), tally, tied, rng);
                    votes[f][row] = code;
                    if (f < categorical.VectorIndices.Length)
                        target[categorical.VectorIndices[f]] = categorical.VectorValues[f][code];
                }
            }
        });
    }

    // The most frequent code among the neighbours; ties broken uniformly at random.
    private static int Vote(int[] codes, int[] rows, ReadOnlySpan<int> neighbours, int[] tally, int[] tied, SeededRandom rng)
    {
        int best = 0, ties = 0;
        for (int a = 0; a < neighbours.Length; a++)
        {
            int code = codes[rows[neighbours[a]]], count = 0;
            for (int b = 0; b < neighbours.Length; b++)
                if (codes[rows[neighbours[b]]] == code)
                    count++;
            tally[a] = count;
            best = Math.Max(best, count);
        }
        for (int a = 0; a < neighbours.Length; a++)
        {
            int code = codes[rows[neighbours[a]]];
            if (tally[a] != best)
                continue;
            bool seen = false;
            for (int t = 0; t < ties; t++)
                seen |= tied[t] == code;
            if (!seen)
                tied[ties++] = code;
        }
        return ties == 1 ? tied[0] : tied[rng.NextInt(ties)];
    }
}
