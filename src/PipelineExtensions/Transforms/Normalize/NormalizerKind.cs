namespace PipelineExtensions.Transforms.Normalize;

/// <summary>Which statistics a normalizer learns.</summary>
public enum NormalizerKind
{
    /// <summary>Per-slot minimum and maximum, mapped onto a target range (scikit-learn's MinMaxScaler).</summary>
    MinMax,

    /// <summary>Per-slot mean and population standard deviation (scikit-learn's StandardScaler).</summary>
    MeanVariance,
}
