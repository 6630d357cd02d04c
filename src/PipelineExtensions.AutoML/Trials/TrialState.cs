namespace PipelineExtensions.AutoML.Trials;

/// <summary>The life cycle of a trial in a study (the values are persisted; never renumber them).</summary>
public enum TrialState
{
    /// <summary>Queued (enqueued by hand, or re-queued after its worker died); the next free worker claims it.</summary>
    Waiting = 0,

    /// <summary>Claimed by a worker, which sends heartbeats while it runs the objective.</summary>
    Running = 1,

    /// <summary>Finished with a value.</summary>
    Complete = 2,

    /// <summary>Stopped early by a pruner; its intermediate values are kept.</summary>
    Pruned = 3,

    /// <summary>The objective threw, returned NaN, or the worker died and the trial was not re-queued.</summary>
    Failed = 4,
}

/// <summary>Whether smaller or larger objective values are better.</summary>
public enum OptimizationDirection
{
    /// <summary>Smaller is better (losses, errors).</summary>
    Minimize = 0,

    /// <summary>Larger is better (accuracy, F1).</summary>
    Maximize = 1,
}

/// <summary>Helpers for comparing values under a direction.</summary>
public static class OptimizationDirectionExtensions
{
    /// <summary>True when <paramref name="candidate"/> is strictly better than <paramref name="reference"/>.</summary>
    public static bool IsBetter(this OptimizationDirection direction, double candidate, double reference) =>
        direction == OptimizationDirection.Minimize ? candidate < reference : candidate > reference;

    /// <summary>The value as a loss: itself when minimising, its negation when maximising.</summary>
    public static double ToLoss(this OptimizationDirection direction, double value) =>
        direction == OptimizationDirection.Minimize ? value : -value;

    /// <summary>The worst possible value under the direction (+∞ or −∞).</summary>
    public static double Worst(this OptimizationDirection direction) =>
        direction == OptimizationDirection.Minimize ? double.PositiveInfinity : double.NegativeInfinity;
}
