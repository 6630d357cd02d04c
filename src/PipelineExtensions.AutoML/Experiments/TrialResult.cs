using PipelineExtensions.AutoML.SearchSpaces;
using PipelineExtensions.AutoML.Trials;

namespace PipelineExtensions.AutoML.Experiments;

/// <summary>One trial of a finished (or interrupted) experiment, with its parameters resolved against the space.</summary>
public sealed class TrialResult
{
    internal TrialResult(TrialRecord record, SearchSpace space)
    {
        Record = record;
        if (record.Parameters is { } p && space.Validate(p) is null)
            Parameters = new TrialParameters(space, p);
    }

    /// <summary>The stored trial.</summary>
    public TrialRecord Record { get; }

    /// <summary>The configuration (null when the trial was never sampled).</summary>
    public TrialParameters? Parameters { get; }

    /// <summary>The trial number.</summary>
    public int Number => Record.Number;

    /// <summary>The state.</summary>
    public TrialState State => Record.State;

    /// <summary>The objective value (complete trials).</summary>
    public double? Value => Record.Value;

    /// <summary>Intermediate values by step.</summary>
    public IReadOnlyDictionary<int, double> IntermediateValues => Record.IntermediateValues;

    /// <summary>Further metrics the objective returned.</summary>
    public IReadOnlyDictionary<string, double> Metrics => Record.Metrics;

    /// <inheritdoc />
    public override string ToString() => $"{Record} {Parameters}";
}
