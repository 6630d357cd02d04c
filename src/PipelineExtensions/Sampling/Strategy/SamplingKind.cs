namespace PipelineExtensions.Sampling;

/// <summary>
/// What a sampler does to class counts; decides how a <see cref="SamplingStrategy"/> is read
/// (imbalanced-learn's <c>sampling_type</c>).
/// </summary>
public enum SamplingKind
{
    /// <summary>Adds rows; a strategy gives the number of rows to add per class.</summary>
    OverSampling,

    /// <summary>Removes rows to a target count; a strategy gives the number of rows to keep per class.</summary>
    UnderSampling,

    /// <summary>Removes rows by a rule (Tomek links, ENN); a strategy only says which classes may lose rows.</summary>
    Cleaning,
}
