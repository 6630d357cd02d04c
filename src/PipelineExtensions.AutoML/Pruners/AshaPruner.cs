using System.Globalization;
using PipelineExtensions.AutoML.Trials;
using PipelineExtensions.Options;

namespace PipelineExtensions.AutoML.Pruners;

/// <summary>
/// Asynchronous Successive Halving (Li et al., "A System for Massively Parallel Hyperparameter Tuning", MLSys
/// 2020), with the semantics of Optuna's SuccessiveHalvingPruner: rung k is reached at step
/// <c>r·η^(s+k)</c> (r = <see cref="MinResource"/>, η = <see cref="ReductionFactor"/>,
/// s = <see cref="MinEarlyStoppingRate"/>); a trial reaching a rung records its value there and continues only if
/// it is within the best 1/η of all values recorded at that rung so far (the best one when fewer than η are
/// recorded). No trial waits for others, so parallel workers never idle.
/// </summary>
public sealed class AshaPruner : IPruner
{
    /// <summary>Creates the pruner.</summary>
    /// <param name="minResource">Steps before the first rung; null estimates it as Optuna's "auto" does (1% of the longest complete trial, at least 1).</param>
    /// <param name="reductionFactor">η ≥ 2: keep the best 1/η at each rung (default 4, as Optuna).</param>
    /// <param name="minEarlyStoppingRate">s ≥ 0: shifts the first rung to r·η^s (default 0).</param>
    /// <param name="bootstrapCount">Prune while a rung holds no more than this many values (default 0).</param>
    public AshaPruner(int? minResource = null, int reductionFactor = 4, int minEarlyStoppingRate = 0, int bootstrapCount = 0)
    {
        if (minResource is { } r)
            Check.Positive(r, nameof(minResource));
        if (bootstrapCount > 0 && minResource is null)
            throw new ArgumentException("bootstrapCount > 0 needs an explicit minResource (as in Optuna).", nameof(bootstrapCount));
        MinResource = minResource;
        ReductionFactor = Check.InRange(reductionFactor, 2, int.MaxValue);
        MinEarlyStoppingRate = Check.NonNegative(minEarlyStoppingRate);
        BootstrapCount = Check.NonNegative(bootstrapCount);
    }

    /// <summary>Steps before the first rung (null: estimated from complete trials).</summary>
    public int? MinResource { get; }

    /// <summary>η.</summary>
    public int ReductionFactor { get; }

    /// <summary>s.</summary>
    public int MinEarlyStoppingRate { get; }

    /// <summary>Values a rung needs before any trial is promoted from it.</summary>
    public int BootstrapCount { get; }

    /// <inheritdoc />
    public string Name => "asha";

    /// <summary>The system attribute that records a trial's value at rung <paramref name="rung"/>.</summary>
    public static string RungKey(int rung) => "completed_rung_" + rung.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public PruneDecision Decide(PrunerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Step is not { } step)
            return PruneDecision.Continue;
        int rung = 0;
        while (context.SystemAttributes.ContainsKey(RungKey(rung)))
            rung++;
        double value = context.Value;
        int? minResource = MinResource;
        while (true)
        {
            minResource ??= EstimateMinResource(context.Trials);
            if (minResource is not { } r)
                return PruneDecision.Continue;
            double promotionStep = r * Math.Pow(ReductionFactor, MinEarlyStoppingRate + rung);
            if (step < promotionStep)
                return PruneDecision.Continue;
            if (double.IsNaN(value))
                return PruneDecision.Prune;
            string key = RungKey(rung);
            context.SetSystemAttribute(key, value);
            var competing = context.Trials
                .Where(t => t.Number != context.Trial.Number && t.SystemAttributes.TryGetValue(key, out _))
                .Select(t => t.SystemAttributes[key])
                .Append(value)
                .ToList();
            if (competing.Count <= BootstrapCount)
                return PruneDecision.Prune;
            if (!IsPromotable(value, competing, ReductionFactor, context.Direction))
                return PruneDecision.Prune;
            rung++;
        }
    }

    internal static bool IsPromotable(double value, List<double> competing, int reductionFactor, OptimizationDirection direction)
    {
        int index = competing.Count / reductionFactor - 1;
        if (index == -1)
            index = 0; // fewer than η values: only the best so far goes on
        competing.Sort();
        return direction == OptimizationDirection.Maximize
            ? value >= competing[^(index + 1)]
            : value <= competing[index];
    }

    private static int? EstimateMinResource(IReadOnlyList<TrialRecord> trials)
    {
        var lastSteps = trials.Where(t => t.State == TrialState.Complete && t.LastStep is not null).Select(t => t.LastStep!.Value).ToList();
        return lastSteps.Count == 0 ? null : Math.Max(lastSteps.Max() / 100, 1);
    }
}
