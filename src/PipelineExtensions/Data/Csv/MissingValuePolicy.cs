namespace PipelineExtensions.Data.Csv;

/// <summary>What a loader does with a missing value (an empty field or one of the missing-value markers).</summary>
public enum MissingValuePolicy
{
    /// <summary>Stop with an error naming the file, line and column. The default.</summary>
    Error,

    /// <summary>Drop every row that has a missing value in a loaded column.</summary>
    Drop,

    /// <summary>
    /// Fill: with the column's entry in the fill values, else NaN for float and double, 0 for int, false for
    /// bool, null for text and the missing key (−1) for keys.
    /// </summary>
    Fill,
}
