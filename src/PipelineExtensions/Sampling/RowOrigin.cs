namespace PipelineExtensions.Sampling;

/// <summary>Where a row of a sampler's output comes from.</summary>
public enum RowOrigin : byte
{
    /// <summary>An input row kept as it was (each input row appears at most once with this origin).</summary>
    Original,

    /// <summary>An added copy of an input row (random over-sampling, under-sampling with replacement).</summary>
    Duplicate,

    /// <summary>A new row made by the sampler (SMOTE-family interpolation, smoothed bootstrap).</summary>
    Synthetic,
}
