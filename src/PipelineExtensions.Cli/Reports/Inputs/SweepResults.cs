namespace PipelineExtensions.Cli.Reports;

/// <summary>The trials of a sweep and the direction of its objective, for the report's sweep section.</summary>
public sealed class SweepResults
{
    /// <summary>Creates the results.</summary>
    /// <param name="objectiveName">The objective's name, e.g. "val_balanced_accuracy".</param>
    /// <param name="maximize">True when higher objective values are better.</param>
    /// <param name="trials">The trials, any order.</param>
    /// <exception cref="ArgumentException">No trials, or two with the same number.</exception>
    public SweepResults(string objectiveName, bool maximize, IEnumerable<SweepTrial> trials)
    {
        ObjectiveName = Options.Check.NotEmpty(objectiveName);
        Maximize = maximize;
        ArgumentNullException.ThrowIfNull(trials);
        Trials = trials.OrderBy(t => t.Number).ToArray();
        if (Trials.Count == 0)
            throw new ArgumentException("A sweep report needs at least one trial.", nameof(trials));
        for (int i = 1; i < Trials.Count; i++)
            if (Trials[i].Number == Trials[i - 1].Number)
                throw new ArgumentException($"Trial number {Trials[i].Number} appears twice.", nameof(trials));
    }

    /// <summary>The objective's name.</summary>
    public string ObjectiveName { get; }

    /// <summary>True when higher is better.</summary>
    public bool Maximize { get; }

    /// <summary>The trials by number.</summary>
    public IReadOnlyList<SweepTrial> Trials { get; }
}
