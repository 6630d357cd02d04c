using PipelineExtensions.AutoML.SearchSpaces;
using PipelineExtensions.Diagnostics;

namespace PipelineExtensions;

/// <summary>
/// Hands a plateau diagnosis's remedies to an AutoML sweep: each searchable remedy parameter
/// (<see cref="Diagnosis.SearchSpace"/>) becomes one dimension named <c>Kind.Parameter</c>, so a trial's
/// <see cref="TrialParameters"/> can be passed straight back to the remedy applier as its choices.
/// </summary>
public static class DiagnosisSearchSpaceExtensions
{
    /// <summary>The search space of <paramref name="diagnosis"/>'s remedies (see <see cref="ToSearchSpace"/>).</summary>
    /// <param name="catalog">The AutoML catalog.</param>
    /// <param name="diagnosis">The diagnosis whose remedies to search.</param>
    /// <example>
    /// <code>
    /// var space = ctx.AutoML.CreateSearchSpace(diagnosis);   // e.g. OverSample.Sampler, EarlyStopping.Patience, WeightDecay.WeightDecay
    /// var sweep = ctx.AutoML.CreatePipelineSweep(space, (p, _) => RemedyApplier.Apply(ctx, diagnosis.Remedies, NewOptions(), train.Schema, p)..., evaluate, train, validation);
    /// </code>
    /// </example>
    public static SearchSpace CreateSearchSpace(this AutoMLCatalog catalog, Diagnosis diagnosis)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return diagnosis.ToSearchSpace();
    }

    /// <summary>
    /// Converts the diagnosis's search dimensions: choices become categorical dimensions; numeric ranges become
    /// integer dimensions when the range and the suggested value are whole numbers on a linear scale (patience,
    /// copies), float dimensions otherwise (log-scaled where the remedy says so).
    /// </summary>
    /// <exception cref="ArgumentException">A dimension has neither choices nor a range (it would not be searchable).</exception>
    public static SearchSpace ToSearchSpace(this Diagnosis diagnosis)
    {
        ArgumentNullException.ThrowIfNull(diagnosis);
        var space = new SearchSpace();
        foreach (var dimension in diagnosis.SearchSpace)
        {
            var p = dimension.Parameter;
            if (p.Choices is { Count: > 1 } choices)
                space.AddCategorical(dimension.Name, choices.Cast<object>().ToArray());
            else if (p.Low is double low && p.High is double high)
            {
                if (!p.LogScale && IsWhole(low) && IsWhole(high) && (p.Number is null || IsWhole(p.Number.Value)))
                    space.AddInt(dimension.Name, (long)low, (long)high);
                else
                    space.AddFloat(dimension.Name, low, high, log: p.LogScale);
            }
            else
                throw new ArgumentException($"Search dimension '{dimension.Name}' has neither choices nor a range.", nameof(diagnosis));
        }
        return space;
    }

    private static bool IsWhole(double x) => Math.Abs(x - Math.Round(x)) < 1e-9;
}
