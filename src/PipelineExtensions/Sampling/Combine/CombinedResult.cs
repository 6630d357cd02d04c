namespace PipelineExtensions.Sampling;

/// <summary>Chains the provenance of two resampling passes back to the original input rows.</summary>
internal static class CombinedResult
{
    public static SamplingResult Compose(SamplingResult first, SamplingResult second)
    {
        var rows = second.SourceRows;
        var origins = new RowOrigin[rows.Length];
        var sources = new int[rows.Length];
        var neighbours = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            origins[i] = first.Origins[rows[i]];
            sources[i] = first.SourceRows[rows[i]];
            neighbours[i] = first.NeighbourRows[rows[i]];
        }
        return new SamplingResult(second.Table, origins, sources, neighbours, first.InputRowCount);
    }
}
