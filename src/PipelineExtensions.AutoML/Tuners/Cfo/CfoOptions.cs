namespace PipelineExtensions.AutoML.Tuners.Cfo;

/// <summary>Settings of <see cref="CfoTuner"/>.</summary>
public sealed class CfoOptions
{
    /// <summary>
    /// The cheap starting point (FLAML's <c>low_cost_partial_config</c>), by parameter name and user-facing value,
    /// e.g. <c>{ ["epochs"] = 1, ["hidden"] = 16 }</c>. Parameters not named start at a seeded random value.
    /// </summary>
    public IReadOnlyDictionary<string, object>? LowCostPoint { get; set; }

    /// <summary>Seed of the random directions, restarts and unnamed starting values.</summary>
    public int Seed { get; set; }
}
