namespace PipelineExtensions.Diagnostics;

/// <summary>How much a finding matters; findings are ranked by severity first, then by confidence.</summary>
public enum Severity
{
    /// <summary>Worth knowing, rarely the reason for a plateau (e.g. a few constant pixels).</summary>
    Info = 0,

    /// <summary>Likely costs accuracy; the remedy is worth trying.</summary>
    Warning = 1,

    /// <summary>Explains the plateau on its own (e.g. every prediction is the majority class, NaN in the features).</summary>
    Critical = 2,
}
