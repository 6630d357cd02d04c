namespace PipelineExtensions.Data.Arrow;

/// <summary>Options of the Arrow loader (<c>ctx.Data.LoadFromArrow</c>).</summary>
public sealed class ArrowLoaderOptions
{
    /// <summary>The columns to load, in this order; default null loads every column. Unknown names are an error.</summary>
    public IReadOnlyList<string>? Columns { get; set; }
}
