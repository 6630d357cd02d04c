using PipelineExtensions.Options;

namespace PipelineExtensions.Diagnostics;

/// <summary>Settings of <see cref="NonFiniteValuesDetector"/> (it fires on any NaN, infinity or missing label).</summary>
public sealed class NonFiniteValuesOptions : IDetectorOptions
{
    /// <summary>At most this many affected rows are listed (≥ 0). Default 1000.</summary>
    public int MaxListedRows { get; set; } = 1000;

    /// <summary>Checks every option; the exception names the option, its value and the allowed range.</summary>
    public void Validate() => Check.NonNegative(MaxListedRows);
}
