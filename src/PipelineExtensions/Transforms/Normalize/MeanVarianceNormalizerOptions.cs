namespace PipelineExtensions.Transforms.Normalize;

/// <summary>Options of <c>ctx.Transforms.NormalizeMeanVariance</c>.</summary>
/// <remarks>Output default <c>"Features"</c>; input: a Single, Double, Vector or Image column.</remarks>
public sealed class MeanVarianceNormalizerOptions() : ColumnTransformOptions("Features")
{
    /// <summary>Subtract the training mean (true) or only divide by the standard deviation (false, keeps zeros). Default true.</summary>
    public bool Center { get; set; } = true;
}
