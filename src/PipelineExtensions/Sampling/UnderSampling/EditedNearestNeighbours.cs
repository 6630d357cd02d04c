using PipelineExtensions.Sampling.Neighbors;

namespace PipelineExtensions.Sampling;

/// <summary>
/// Edited nearest neighbours (Wilson 1972), as imbalanced-learn's <c>EditedNearestNeighbours</c>: a row of a
/// targeted class is removed when its k nearest rows (whole table) disagree with its class — any of them
/// (<see cref="EnnSelection.All"/>) or their most frequent class (<see cref="EnnSelection.Mode"/>). Kept rows stay in
/// input order.
/// </summary>
public sealed class EditedNearestNeighbours : Sampler
{
    /// <summary>Creates the cleaner (it draws nothing at random; the seed is kept for uniformity).</summary>
    public EditedNearestNeighbours(EditedNearestNeighboursOptions options, int seed = 0) : base(options, options.Seed ?? seed)
    {
        NeighbourCount = options.NeighbourCount;
        Selection = options.Selection;
    }

    /// <summary>k, the voting neighbours.</summary>
    public int NeighbourCount { get; }

    /// <summary>The keep rule.</summary>
    public EnnSelection Selection { get; }

    /// <inheritdoc />
    public override string StepName => "EditedNearestNeighbours";

    /// <inheritdoc />
    public override SamplingKind Kind => SamplingKind.Cleaning;

    private protected override void CheckData(SamplerData data, SortedDictionary<int, int> plan) => RequireNeighboursInTable(data, NeighbourCount, nameof(NeighbourCount));

    private protected override SamplingResult Resample(SamplerData data, SortedDictionary<int, int> plan)
    {
        int k = NeighbourCount;
        var nn = NearestNeighbours.Self(data.Features.Data, data.RowCount, data.Dimension, k);
        var keys = data.Labels.Keys;
        var votes = new int[data.Counts.Length];
        var kept = new List<int>(data.RowCount);
        for (int i = 0; i < data.RowCount; i++)
        {
            if (!plan.ContainsKey(keys[i]) || Agrees(nn.AsSpan(i * k, k), keys, keys[i], votes))
                kept.Add(i);
        }
        return new OutputBuilder(data, kept.ToArray(), addedRows: 0).Build();
    }

    private bool Agrees(ReadOnlySpan<int> neighbours, ReadOnlySpan<int> keys, int own, int[] votes)
    {
        if (Selection == EnnSelection.All)
        {
            foreach (int j in neighbours)
                if (keys[j] != own)
                    return false;
            return true;
        }
        Array.Clear(votes);
        foreach (int j in neighbours)
            votes[keys[j]]++;
        int mode = 0;
        for (int c = 1; c < votes.Length; c++)
            if (votes[c] > votes[mode])
                mode = c;
        return mode == own;
    }
}
