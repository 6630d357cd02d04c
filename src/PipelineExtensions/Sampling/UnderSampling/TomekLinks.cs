using PipelineExtensions.Sampling.Neighbors;

namespace PipelineExtensions.Sampling;

/// <summary>
/// Removes Tomek links (Tomek 1976), as imbalanced-learn's <c>TomekLinks</c>: rows i and j of different classes
/// form a link when each is the other's nearest neighbour (whole table, Euclidean, ties to the lower row); the
/// rows of a link that belong to a targeted class are removed. Kept rows stay in input order.
/// </summary>
public sealed class TomekLinks : Sampler
{
    /// <summary>Creates the cleaner (it draws nothing at random; the seed is kept for uniformity).</summary>
    public TomekLinks(TomekLinksOptions options, int seed = 0) : base(options, options.Seed ?? seed)
    {
    }

    /// <inheritdoc />
    public override string StepName => "TomekLinks";

    /// <inheritdoc />
    public override SamplingKind Kind => SamplingKind.Cleaning;

    private protected override void CheckData(SamplerData data, SortedDictionary<int, int> plan) => RequireNeighboursInTable(data, 1, "the nearest neighbour");

    /// <summary>The Tomek links of <paramref name="table"/>: pairs of input rows (lower row first), ascending.</summary>
    public IReadOnlyList<(int First, int Second)> Links(Data.DataTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        ValidateSchema(table.Schema);
        var data = Inspect(table, table.GetColumn<Data.KeyColumn>(LabelColumnName).KeyType.ClassNames[0], out _);
        var nn = NearestNeighbours.Self(data.Features.Data, data.RowCount, data.Dimension, 1);
        var keys = data.Labels.Keys;
        var links = new List<(int, int)>();
        for (int i = 0; i < nn.Length; i++)
            if (nn[i] > i && nn[nn[i]] == i && keys[nn[i]] != keys[i])
                links.Add((i, nn[i]));
        return links;
    }

    private protected override SamplingResult Resample(SamplerData data, SortedDictionary<int, int> plan)
    {
        var nn = NearestNeighbours.Self(data.Features.Data, data.RowCount, data.Dimension, 1);
        var keys = data.Labels.Keys;
        var kept = new List<int>(data.RowCount);
        for (int i = 0; i < nn.Length; i++)
        {
            bool link = keys[nn[i]] != keys[i] && nn[nn[i]] == i;
            if (!(link && plan.ContainsKey(keys[i])))
                kept.Add(i);
        }
        return new OutputBuilder(data, kept.ToArray(), addedRows: 0).Build();
    }
}
