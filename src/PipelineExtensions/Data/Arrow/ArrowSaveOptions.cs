namespace PipelineExtensions.Data.Arrow;

/// <summary>Options of the Arrow writer (<c>ctx.Data.SaveAsArrow</c>).</summary>
public sealed class ArrowSaveOptions
{
    /// <summary>File or stream layout. Default <see cref="ArrowFormat.File"/>.</summary>
    public ArrowFormat Format { get; set; } = ArrowFormat.File;
}
