using System.Globalization;
using System.Text;
using PipelineExtensions.AutoML.SearchSpaces;
using PipelineExtensions.AutoML.Storage;
using PipelineExtensions.AutoML.Trials;
using PipelineExtensions.Data;

namespace PipelineExtensions.AutoML.Experiments;

/// <summary>
/// The trials of a study — the results table — and its best trial. Built by <see cref="Experiment.Run"/>, or
/// loaded from any store with <see cref="Load"/> (e.g. by a report generator after a multi-worker sweep).
/// </summary>
public sealed class ExperimentResult
{
    internal ExperimentResult(StudyInfo study, SearchSpace space, IReadOnlyList<TrialRecord> trials)
    {
        Study = study;
        Space = space;
        Trials = trials.Select(t => new TrialResult(t, space)).ToList();
        BestTrial = Trials
            .Where(t => t.State == TrialState.Complete && t.Value is { } v && !double.IsNaN(v))
            .OrderBy(t => study.Direction.ToLoss(t.Value!.Value)).ThenBy(t => t.Number)
            .FirstOrDefault();
    }

    /// <summary>Loads the results of study <paramref name="studyName"/> from <paramref name="store"/> (its search space comes from the store).</summary>
    public static ExperimentResult Load(ITrialStore store, string studyName)
    {
        ArgumentNullException.ThrowIfNull(store);
        var study = store.FindStudy(studyName)
            ?? throw new KeyNotFoundException($"No study '{studyName}' in the store; it has: {string.Join(", ", store.ListStudies().Select(s => s.Name))}.");
        return new ExperimentResult(study, SearchSpace.FromJson(study.SearchSpaceJson), store.GetTrials(study.Id));
    }

    /// <summary>The study.</summary>
    public StudyInfo Study { get; }

    /// <summary>The search space.</summary>
    public SearchSpace Space { get; }

    /// <summary>Every trial, by number.</summary>
    public IReadOnlyList<TrialResult> Trials { get; }

    /// <summary>The complete trial with the best value (ties: the earlier trial), or null.</summary>
    public TrialResult? BestTrial { get; }

    /// <summary>Number of trials in each state.</summary>
    public IReadOnlyDictionary<TrialState, int> CountByState =>
        Trials.GroupBy(t => t.State).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Total intermediate reports (e.g. epochs) over all trials — the sweep's training cost.</summary>
    public long TotalSteps => Trials.Sum(t => (long)t.IntermediateValues.Count);

    /// <summary>The best value after each trial, in trial-number order (NaN before the first complete trial).</summary>
    public double[] BestSoFar()
    {
        var result = new double[Trials.Count];
        double best = double.NaN;
        for (int i = 0; i < Trials.Count; i++)
        {
            if (Trials[i] is { State: TrialState.Complete, Value: { } v } && (double.IsNaN(best) || Study.Direction.IsBetter(v, best)))
                best = v;
            result[i] = best;
        }
        return result;
    }

    /// <summary>
    /// The results as a table (one row per trial: number, state, value, steps, duration, then one column per parameter,
    /// formatted; inactive parameters are empty) for saving or reporting with the data tools.
    /// </summary>
    public DataTable ToDataTable()
    {
        var names = Space.AllParameters.Select(p => p.Name).ToList();
        var columns = new List<DataColumn>
        {
            new ScalarColumn<int>("trial", Trials.Select(t => t.Number).ToArray()),
            new TextColumn("state", Trials.Select(t => t.State.ToString()).ToArray()),
            new ScalarColumn<double>("value", Trials.Select(t => t.Value ?? double.NaN).ToArray()),
            new ScalarColumn<int>("steps", Trials.Select(t => t.IntermediateValues.Count).ToArray()),
            new ScalarColumn<double>("seconds", Trials.Select(t => t.Record.Duration?.TotalSeconds ?? double.NaN).ToArray()),
        };
        foreach (var name in names)
            columns.Add(new TextColumn(name, Trials.Select(t => t.Parameters is { } p && p.ContainsKey(name) ? p.GetString(name) : "").ToArray()));
        return new DataTable(columns);
    }

    /// <summary>A fixed-width text table of the best <paramref name="top"/> trials (all when null), best first.</summary>
    public string FormatTable(int? top = null)
    {
        var rows = Trials
            .OrderBy(t => t.State == TrialState.Complete ? 0 : 1)
            .ThenBy(t => t.Value is { } v ? Study.Direction.ToLoss(v) : double.PositiveInfinity)
            .ThenBy(t => t.Number)
            .Take(top ?? int.MaxValue)
            .Select(t => new[]
            {
                t.Number.ToString(CultureInfo.InvariantCulture),
                t.State.ToString(),
                t.Value?.ToString("G6", CultureInfo.InvariantCulture) ?? "-",
                t.IntermediateValues.Count.ToString(CultureInfo.InvariantCulture),
                t.Parameters?.ToString() ?? "",
            })
            .ToList();
        string[] header = ["trial", "state", "value", "steps", "parameters"];
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var sb = new StringBuilder();
        sb.AppendLine(string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        foreach (var r in rows)
            sb.AppendLine(string.Join("  ", r.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        return sb.ToString();
    }
}
