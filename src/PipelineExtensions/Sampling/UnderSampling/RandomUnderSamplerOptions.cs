namespace PipelineExtensions.Sampling;

/// <summary>Options of <see cref="RandomUnderSampler"/> (imbalanced-learn's <c>RandomUnderSampler</c>).</summary>
public sealed class RandomUnderSamplerOptions : SamplerOptions
{
    /// <summary>Draw the kept rows with replacement (a kept row may then appear more than once). Default false.</summary>
    public bool Replacement { get; set; }
}
