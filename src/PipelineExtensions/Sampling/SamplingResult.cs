using PipelineExtensions.Data;

namespace PipelineExtensions.Sampling;

/// <summary>
/// The output of <see cref="Sampler.FitResample"/>: the resampled table and, for each of its rows, where it comes
/// from. Over-samplers put the input rows first, in input order, then the added rows class by class (class-index
/// order), as imbalanced-learn does; under-samplers and cleaners keep the input order of the rows they keep.
/// </summary>
public sealed class SamplingResult
{
    private readonly RowOrigin[] _origins;
    private readonly int[] _sourceRows;
    private readonly int[]? _neighbourRows;
    private int[]? _noNeighbours;

    // neighbourRows is null when no row has a neighbour row (an all −1 array is then made on first use).
    internal SamplingResult(DataTable table, RowOrigin[] origins, int[] sourceRows, int[]? neighbourRows, int inputRowCount)
    {
        Table = table;
        _origins = origins;
        _sourceRows = sourceRows;
        _neighbourRows = neighbourRows;
        InputRowCount = inputRowCount;
    }

    /// <summary>The resampled table, with the input's schema.</summary>
    public DataTable Table { get; }

    /// <summary>Number of rows of the input table.</summary>
    public int InputRowCount { get; }

    /// <summary>For each output row: original, duplicate or synthetic.</summary>
    public ReadOnlySpan<RowOrigin> Origins => _origins;

    /// <summary>
    /// For each output row, the input row it comes from: the row itself for originals and duplicates, the seed
    /// row for synthetic rows (x_new = x_seed + u·(x_neighbour − x_seed), or the bootstrapped row for a smoothed bootstrap).
    /// </summary>
    public ReadOnlySpan<int> SourceRows => _sourceRows;

    /// <summary>
    /// For each synthetic row made by interpolation, the input row it was drawn towards; −1 for other rows.
    /// </summary>
    public ReadOnlySpan<int> NeighbourRows => _neighbourRows ?? LazyInitializer.EnsureInitialized(ref _noNeighbours, () =>
    {
        var none = new int[_origins.Length];
        none.AsSpan().Fill(-1);
        return none;
    });

    /// <summary>Number of output rows with the given origin.</summary>
    public int CountOf(RowOrigin origin)
    {
        int n = 0;
        foreach (var o in _origins)
            if (o == origin)
                n++;
        return n;
    }

    /// <summary>True for each synthetic output row.</summary>
    public bool[] SyntheticMask() => _origins.Select(o => o == RowOrigin.Synthetic).ToArray();

    /// <summary>
    /// The resampled table with a Boolean column that is true for synthetic rows (and for duplicates when
    /// <paramref name="includeDuplicates"/> is set). Not usable inside a pipeline, whose train-only steps keep the schema.
    /// </summary>
    /// <exception cref="ArgumentException">The table already has a column of that name.</exception>
    public DataTable WithSyntheticColumn(string columnName = "IsSynthetic", bool includeDuplicates = false)
    {
        if (Table.HasColumn(columnName))
            throw new ArgumentException($"The resampled table already has a column '{columnName}'; choose another name.", nameof(columnName));
        var flags = new bool[_origins.Length];
        for (int i = 0; i < flags.Length; i++)
            flags[i] = _origins[i] == RowOrigin.Synthetic || (includeDuplicates && _origins[i] == RowOrigin.Duplicate);
        return Table.WithColumn(new ScalarColumn<bool>(columnName, flags));
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{InputRowCount} rows → {Table.RowCount} rows ({CountOf(RowOrigin.Original)} original, {CountOf(RowOrigin.Duplicate)} duplicate, {CountOf(RowOrigin.Synthetic)} synthetic)";
}
