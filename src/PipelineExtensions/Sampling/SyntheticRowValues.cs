namespace PipelineExtensions.Sampling;

/// <summary>
/// What the columns other than the features and the label (example weights, ids, text, other vectors) hold in a
/// synthetic row. Copied and kept rows always carry their original values.
/// </summary>
public enum SyntheticRowValues
{
    /// <summary>
    /// The values of the seed row the synthetic row was interpolated from (<see cref="SamplingResult.SourceRows"/>):
    /// a synthetic row inherits its seed's example weight, id and text. The default.
    /// </summary>
    CopyFromSeed,

    /// <summary>
    /// Missing values: NaN in float and double columns and in vector columns, null in text columns, −1 in key
    /// columns. Int32 and Boolean columns have no missing value, so they are an error with this choice.
    /// </summary>
    Missing,
}
