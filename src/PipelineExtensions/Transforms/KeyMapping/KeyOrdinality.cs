namespace PipelineExtensions.Transforms.KeyMapping;

/// <summary>The order of the class names that <c>MapValueToKey</c> learns.</summary>
public enum KeyOrdinality
{
    /// <summary>Sorted: numerically when every value is an integer, else ordinally (scikit-learn's LabelEncoder). The default.</summary>
    ByValue,

    /// <summary>In order of first appearance in the training data (ML.NET's default).</summary>
    ByOccurrence,
}
