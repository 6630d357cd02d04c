using System.Globalization;
using PipelineExtensions.AutoML.Trials;
using PipelineExtensions.Options;

namespace PipelineExtensions.AutoML.Pruners;

/// <summary>
/// Synchronous Successive Halving (Jamieson &amp; Talwalkar 2016; Hyperband's inner loop): trials are grouped into
/// brackets of <see cref="BracketSize"/> consecutive trial numbers. At rung k (step <c>r·η^k</c>) a trial waits —
/// paused, its parallelism slot given to a new trial — until every trial of its bracket has reached the rung or
/// ended; then exactly the best ⌊m/η⌋ (at least 1) of the m values at the rung go on. Unlike
/// <see cref="AshaPruner"/>, decisions are made on complete rungs, so they do not depend on arrival order.
/// Trials of a bracket that the study budget will never create do not hold the rung up; a rung that stays
/// incomplete for <see cref="MaxWait"/> (a worker died and nobody re-ran its trial) is decided with what it has.
/// </summary>
public sealed class SuccessiveHalvingPruner : IPruner
{
    /// <summary>Creates the pruner.</summary>
    /// <param name="minResource">r: steps before the first rung (≥ 1).</param>
    /// <param name="reductionFactor">η ≥ 2 (default 3).</param>
    /// <param name="bracketSize">Trials per bracket (default η³ = 27 with η = 3); ≥ η.</param>
    /// <param name="maxWait">How long a rung may stay incomplete before it is decided anyway (default 10 minutes).</param>
    public SuccessiveHalvingPruner(int minResource, int reductionFactor = 3, int? bracketSize = null, TimeSpan? maxWait = null)
    {
        MinResource = Check.Positive(minResource);
        ReductionFactor = Check.InRange(reductionFactor, 2, int.MaxValue);
        BracketSize = Check.InRange(bracketSize ?? reductionFactor * reductionFactor * reductionFactor, reductionFactor, int.MaxValue, nameof(bracketSize));
        MaxWait = maxWait ?? TimeSpan.FromMinutes(10);
    }

    /// <summary>r.</summary>
    public int MinResource { get; }

    /// <summary>η.</summary>
    public int ReductionFactor { get; }

    /// <summary>Trials per bracket.</summary>
    public int BracketSize { get; }

    /// <summary>How long an incomplete rung may hold its trials.</summary>
    public TimeSpan MaxWait { get; }

    /// <inheritdoc />
    public string Name => "successive-halving";

    /// <summary>The system attribute that records a trial's value at rung <paramref name="rung"/>.</summary>
    public static string RungKey(int rung) => "sh_rung_" + rung.ToString(CultureInfo.InvariantCulture);

    private static string WaitKey(int rung) => "sh_wait_since_" + rung.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public PruneDecision Decide(PrunerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Step is not { } step)
            return PruneDecision.Continue;
        int rung = 0;
        while (context.SystemAttributes.ContainsKey(RungKey(rung)) && context.SystemAttributes.ContainsKey(RungKey(rung) + "_passed"))
            rung++;
        double promotionStep = MinResource * Math.Pow(ReductionFactor, rung);
        if (step < promotionStep)
            return PruneDecision.Continue;

        string key = RungKey(rung);
        if (!context.SystemAttributes.ContainsKey(key))
        {
            double value = context.Value;
            if (double.IsNaN(value))
                return PruneDecision.Prune;
            context.SetSystemAttribute(key, value);
            context.SetSystemAttribute(WaitKey(rung), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0);
        }
        double mine = context.SystemAttributes[key];

        int bracket = context.Trial.Number / BracketSize;
        int first = bracket * BracketSize, end = first + BracketSize;
        if (context.MaxTrials is { } max)
            end = Math.Min(end, max);
        var members = context.Trials.Where(t => t.Number >= first && t.Number < end && t.Number != context.Trial.Number).ToList();
        bool allExist = members.Count == end - first - 1 || context.NoNewTrials;
        bool complete = allExist && members.All(t => t.SystemAttributes.ContainsKey(key) || t.IsFinished);
        double since = context.SystemAttributes[WaitKey(rung)];
        bool timedOut = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0 - since > MaxWait.TotalSeconds;
        if (!complete && !timedOut)
            return PruneDecision.Wait;

        // Rank the rung: value, then trial number, so every member reaches the same verdict.
        var rungValues = members.Where(t => t.SystemAttributes.ContainsKey(key))
            .Select(t => (Value: t.SystemAttributes[key], t.Number))
            .Append((Value: mine, context.Trial.Number))
            .OrderBy(e => context.Direction.ToLoss(e.Value)).ThenBy(e => e.Number)
            .ToList();
        int keep = Math.Max(1, rungValues.Count / ReductionFactor);
        int rank = rungValues.FindIndex(e => e.Number == context.Trial.Number);
        if (rank >= keep)
            return PruneDecision.Prune;
        context.SetSystemAttribute(key + "_passed", 1);
        return PruneDecision.Continue;
    }
}
