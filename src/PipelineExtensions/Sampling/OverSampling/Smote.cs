using PipelineExtensions.Sampling.Neighbors;

namespace PipelineExtensions.Sampling;

/// <summary>
/// SMOTE (Chawla et al. 2002), as imbalanced-learn's <c>SMOTE</c>: for each targeted class, every new row is
/// x_seed + u·(x_nn − x_seed) with (seed, nn) drawn uniformly over the class rows × their k nearest same-class
/// neighbours (exact Euclidean search) and u uniform in [0, 1). Needs k + 1 rows in each over-sampled class.
/// </summary>
/// <example>
/// <code>
/// var pipeline = ctx.Sampling.Smote("Features", "Label", neighbourCount: 5).Append(trainer);
/// </code>
/// </example>
public sealed class Smote : Sampler
{
    /// <summary>Creates the sampler; <paramref name="seed"/> is used when the options give none.</summary>
    public Smote(SmoteOptions options, int seed) : base(options, options.Seed ?? seed)
    {
        NeighbourCount = options.NeighbourCount;
        SyntheticRowValues = options.SyntheticRowValues;
    }

    /// <summary>k: the number of nearest same-class neighbours a new row may be drawn towards.</summary>
    public int NeighbourCount { get; }

    /// <summary>What other columns hold in synthetic rows.</summary>
    public SyntheticRowValues SyntheticRowValues { get; }

    /// <inheritdoc />
    public override string StepName => "SMOTE";

    /// <inheritdoc />
    public override SamplingKind Kind => SamplingKind.OverSampling;

    // The output pass copies every input row before the neighbour search: it checks the features as it copies.
    private protected override bool ChecksFiniteWhileCopying => true;

    private protected override void CheckData(SamplerData data, SortedDictionary<int, int> plan)
    {
        RequireNeighboursInClasses(data, plan, NeighbourCount, nameof(NeighbourCount));
        if (SyntheticRowValues == SyntheticRowValues.Missing)
            ExtraColumns.CheckMissingRepresentable(data.Table.Schema, FeatureColumnName, LabelColumnName, StepName);
    }

    private protected override SamplingResult Resample(SamplerData data, SortedDictionary<int, int> plan)
    {
        var builder = new OutputBuilder(data, keptRows: null, addedRows: plan.Values.Sum(), finiteCheckStep: StepName);
        foreach (var (c, n) in plan)
            if (n > 0)
                Generate(data, c, n, NeighbourCount, Seed, builder);
        return builder.Build(SyntheticRowValues);
    }

    /// <summary>Appends <paramref name="n"/> SMOTE rows of class <paramref name="c"/> (shared with the combined samplers).</summary>
    internal static void Generate(SamplerData data, int c, int n, int k, int seed, OutputBuilder builder)
    {
        var rows = data.RowsOf(c);
        // The class's features are scratch (read by the search and the generation, not part of the output): pooled.
        int d = data.Dimension;
        // Rented with room for the search's padding rows, which it writes in place (no padded copy of the rows).
        var x = System.Buffers.ArrayPool<float>.Shared.Rent(NearestNeighbours.PaddedLength(rows.Length, d));
        FeatureCopy.GatherRange(data.Features.Data, d, rows, x.AsSpan(0, rows.Length * d));
        var neighbours = NearestNeighbours.SelfInPlace(x, rows.Length, d, k);
        int start = builder.ReserveSynthetic(n);
        var request = new Interpolation.Request(x, rows, x, rows, neighbours, k, FixedSeeds: null);
        Interpolation.Generate(request, n, Randomness.SeededRandom.MixSeed(seed, c), builder, start, fillClass: c);
        System.Buffers.ArrayPool<float>.Shared.Return(x);
    }
}
